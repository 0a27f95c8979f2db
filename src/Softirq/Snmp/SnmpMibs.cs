namespace ActorStack.Softirq.Snmp;

/// <summary>The host's SNMP counters: /proc/net/snmp (Ip, Udp) and /proc/net/netstat (IpExt).</summary>
public sealed class SnmpMibs
{
    /// <summary>Creates the tables.</summary>
    public SnmpMibs() => Ip = new("Ip", f => f switch
    {
        IpMibField.Forwarding => IpForward ? 1 : 2,
        IpMibField.DefaultTTL => 64,
        _ => null,
    });

    /// <summary>net.ipv4.ip_forward: Ip Forwarding shows 1 (router) when set, else 2.</summary>
    public bool IpForward { get; set; }

    /// <summary>Ip: (Forwarding 1 or 2 from net.ipv4.ip_forward, DefaultTTL 64, as sysctls set them).</summary>
    public MibTable<IpMibField> Ip { get; }

    /// <summary>Icmp:.</summary>
    public MibTable<IcmpMibField> Icmp { get; } = new("Icmp");

    /// <summary>Tcp: (RtoAlgorithm 1, RtoMin 200, RtoMax 120000, MaxConn -1 are constants; CurrEstab is a gauge).</summary>
    public MibTable<TcpMibField> Tcp { get; } = new("Tcp", f => f switch
    {
        TcpMibField.RtoAlgorithm => 1,
        TcpMibField.RtoMin => 200,
        TcpMibField.RtoMax => 120000,
        TcpMibField.MaxConn => -1,
        _ => null,
    });

    /// <summary>TcpExt:.</summary>
    public MibTable<TcpExtMibField> TcpExt { get; } = new("TcpExt");

    /// <summary>IcmpMsg: per-type output counts (OutType3 ...), printed only when non-zero as the kernel does.</summary>
    public long[] IcmpOutTypes { get; } = new long[256];

    /// <summary>IcmpMsg: per-type input counts.</summary>
    public long[] IcmpInTypes { get; } = new long[256];

    /// <summary>IpExt:.</summary>
    public MibTable<IpExtMibField> IpExt { get; } = new("IpExt");

    /// <summary>Udp:.</summary>
    public MibTable<UdpMibField> Udp { get; } = new("Udp");

    /// <summary>/proc/net/snmp: Ip, Icmp, IcmpMsg (when any type moved), Tcp, Udp, in the kernel's order.</summary>
    public string FormatSnmp() => Ip.Format() + Icmp.Format() + FormatIcmpMsg() + Tcp.Format() + Udp.Format();

    /// <summary>/proc/net/netstat: TcpExt, then IpExt.</summary>
    public string FormatNetstat() => TcpExt.Format() + IpExt.Format();

    // icmpmsg_put(): only the types that moved, InTypeN before OutTypeN, in type order.
    private string FormatIcmpMsg()
    {
        var names = new List<string>();
        var values = new List<long>();
        for (int type = 0; type < 256; type++)
        {
            long n = Interlocked.Read(ref IcmpInTypes[type]);
            if (n != 0)
            {
                names.Add($"InType{type}");
                values.Add(n);
            }
        }

        for (int type = 0; type < 256; type++)
        {
            long n = Interlocked.Read(ref IcmpOutTypes[type]);
            if (n != 0)
            {
                names.Add($"OutType{type}");
                values.Add(n);
            }
        }

        return names.Count == 0
            ? string.Empty
            : $"IcmpMsg: {string.Join(' ', names)}\nIcmpMsg: {string.Join(' ', values)}\n";
    }
}
