using ActorStack.Protocols.Icmp;
using ActorStack.Protocols.Ipv4;
using ActorStack.Protocols.Netfilter;
using ActorStack.Protocols.Tcp;
using ActorStack.Protocols.Udp;
using ActorStack.Softirq;
using ActorStack.Sockets.Tcp;

namespace ActorStack.Protocols;

/// <summary>
/// The protocol side of the kernel booting, as inet_init() does: the per-CPU protocol actors, dev_add_pack() for
/// IPv4 (and for ARP and IPv6, whose frames a real host consumes), inet_add_protocol() for ICMP, UDP and TCP, the
/// netfilter table and the routing decision's local addresses. The host around the kernel (sockets, applications,
/// traffic) is built on top of it.
/// </summary>
/// <remarks>Kernel: net/ipv4/af_inet.c inet_init(); net/core/dev.c dev_add_pack().</remarks>
public sealed class InetInit
{
    private InetInit(NfTable netfilter, IcmpSender icmp, UdpTable udp, TcpHashTable tcpHash)
    {
        Netfilter = netfilter;
        Icmp = icmp;
        Udp = udp;
        TcpHash = tcpHash;
    }

    /// <summary>The filter table (iptables rules).</summary>
    public NfTable Netfilter { get; }

    /// <summary>The ICMP sender (unreachables, time exceeded, echo replies) with its rate limits.</summary>
    public IcmpSender Icmp { get; }

    /// <summary>udp_table: bound UDP sockets.</summary>
    public UdpTable Udp { get; }

    /// <summary>tcp_hashinfo: established and listening TCP sockets.</summary>
    public TcpHashTable TcpHash { get; }

    /// <summary>
    /// Boots the protocols on every CPU of <paramref name="stack"/> for a host owning <paramref name="hostAddress"/>;
    /// TCP transmits through <paramref name="tcpTransmit"/>.
    /// </summary>
    public static InetInit Boot(NetStack stack, uint hostAddress, IEnumerable<string> netfilterRules, bool ipForward, ITcpTransmit tcpTransmit)
    {
        ArgumentNullException.ThrowIfNull(stack);
        var system = stack.System;
        int cpus = system.CpuCount;
        var local = new LocalAddresses([hostAddress]);
        var protocols = new InetProtocols();
        var init = new InetInit(new NfTable(netfilterRules), new IcmpSender(stack, local), new UdpTable(), new TcpHashTable());
        stack.Snmp.IpForward = ipForward;
        var ipActors = Enumerable.Range(0, cpus)
            .Select(cpu => system.Spawn(Ipv4Rcv.Props(stack, local, protocols, init.Netfilter, cpu, init.Icmp, ipForward), $"ip_rcv/{cpu}"))
            .ToArray();
        var udpActors = Enumerable.Range(0, cpus)
            .Select(cpu => system.Spawn(UdpRcv.Props(stack, init.Udp, cpu, init.Icmp), $"udp_rcv/{cpu}"))
            .ToArray();
        stack.PacketTypes.Add(0x0800, ipActors);
        // ARP and IPv6 have handlers on a real host: counted and consumed, not followed further.
        stack.PacketTypes.Add(0x0806, Enumerable.Range(0, cpus).Select(cpu => system.Spawn(UnmodelledProtocolRcv.Props(stack, KernelEnd.Arp, "arp_rcv", cpu), $"arp_rcv/{cpu}")).ToArray());
        stack.PacketTypes.Add(0x86dd, Enumerable.Range(0, cpus).Select(cpu => system.Spawn(UnmodelledProtocolRcv.Props(stack, KernelEnd.Ipv6, "ipv6_rcv", cpu), $"ipv6_rcv/{cpu}")).ToArray());
        protocols.Add(1, Enumerable.Range(0, cpus).Select(cpu => system.Spawn(IcmpRcv.Props(stack, init.Icmp, cpu), $"icmp_rcv/{cpu}")).ToArray());
        protocols.Add(17, udpActors);
        var tcpActors = Enumerable.Range(0, cpus)
            .Select(cpu => system.Spawn(TcpV4Rcv.Props(stack, init.TcpHash, tcpTransmit, cpu), $"tcp_v4_rcv/{cpu}"))
            .ToArray();
        protocols.Add(6, tcpActors);
        return init;
    }
}
