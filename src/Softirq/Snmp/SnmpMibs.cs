namespace ActorStack.Softirq.Snmp;

/// <summary>The host's SNMP counters: /proc/net/snmp (Ip, Udp) and /proc/net/netstat (IpExt).</summary>
public sealed class SnmpMibs
{
    /// <summary>Ip: (Forwarding 2 = not a router, DefaultTTL 64, as sysctls set them).</summary>
    public MibTable<IpMibField> Ip { get; } = new("Ip", f => f switch
    {
        IpMibField.Forwarding => 2,
        IpMibField.DefaultTTL => 64,
        _ => null,
    });

    /// <summary>IpExt:.</summary>
    public MibTable<IpExtMibField> IpExt { get; } = new("IpExt");

    /// <summary>Udp:.</summary>
    public MibTable<UdpMibField> Udp { get; } = new("Udp");

    /// <summary>/proc/net/snmp (the Ip and Udp tables).</summary>
    public string FormatSnmp() => Ip.Format() + Udp.Format();

    /// <summary>/proc/net/netstat (the IpExt table).</summary>
    public string FormatNetstat() => IpExt.Format();
}
