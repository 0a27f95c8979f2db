namespace ActorStack.KernelProbe;

/// <summary>
/// Bursts of UDP datagrams to a port nobody listens on. __udp4_lib_rcv() counts each in NoPorts and calls
/// icmp_send(ICMP_DEST_UNREACH, ICMP_PORT_UNREACH); how many of those leave is decided in __icmp_send() by two limits
/// (order since 6.12, "icmp: change the order of rate limits"): icmpv4_global_allow() (per-netns credit,
/// icmp_msgs_per_sec / icmp_msgs_burst) and then icmpv4_xrlim_allow() (the per-destination inet_peer bucket,
/// icmp_ratelimit, burst 6), which on success calls icmp_global_consume() (0–2 random credits). __icmp_send() skips
/// the global check when the offending skb came in on a loopback device, and apply_ratelimit then stays false, so
/// xrlim neither limits nor consumes: over loopback every datagram gets its port-unreachable.
/// </summary>
public sealed record ClosedPortReport
{
    /// <summary>The ICMP rate-limit sysctls as the receiving namespace sees them (key → value).</summary>
    public IReadOnlyDictionary<string, string> IcmpSysctls { get; init; } = new Dictionary<string, string>();

    /// <summary>127.0.0.1 → 127.0.0.1 inside one namespace.</summary>
    public required ClosedPortBurst Loopback { get; init; }

    /// <summary>10.201.0.1 in namespace A → 10.201.0.2 in namespace B across a veth pair.</summary>
    public required ClosedPortBurst Veth { get; init; }

    /// <summary>The loopback burst again, each in a fresh namespace: whether random credit consumption spreads the
    /// count (it cannot while loopback bypasses both limits).</summary>
    public IReadOnlyList<ClosedPortBurst> LoopbackRepeats { get; init; } = [];
}
