namespace ActorStack.Softirq;

/// <summary>
/// Where a packet that is neither delivered to the application nor dropped ends inside the kernel: consumed
/// (consume_skb) by a protocol that finished with it, or forwarded out of the host.
/// </summary>
public enum KernelEnd
{
    /// <summary>An ARP frame: counted by the ethertype demux and consumed (arp_rcv is not modelled further).</summary>
    Arp,

    /// <summary>An IPv6 frame: counted by the ethertype demux and consumed (ipv6_rcv is not modelled further).</summary>
    Ipv6,

    /// <summary>An ICMP message handled by icmp_rcv.</summary>
    Icmp,

    /// <summary>A TCP segment without data for the application: SYN, handshake ACK, pure ACK, bare FIN or RST.</summary>
    TcpControl,

    /// <summary>Routed through ip_forward and handed to the output path.</summary>
    Forwarded,
}

/// <summary>Names of <see cref="KernelEnd"/> as reports print them.</summary>
public static class KernelEnds
{
    /// <summary>Number of members.</summary>
    public const int Count = (int)KernelEnd.Forwarded + 1;

    /// <summary>Report name: arp, ipv6, icmp, tcp_control, forwarded.</summary>
    public static string Name(this KernelEnd end) => end switch
    {
        KernelEnd.Arp => "arp",
        KernelEnd.Ipv6 => "ipv6",
        KernelEnd.Icmp => "icmp",
        KernelEnd.TcpControl => "tcp_control",
        _ => "forwarded",
    };
}
