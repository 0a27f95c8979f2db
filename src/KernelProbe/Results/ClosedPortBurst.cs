namespace ActorStack.KernelProbe;

/// <summary>One burst to a closed port: counter deltas in the receiving and the sending namespace.</summary>
public sealed record ClosedPortBurst
{
    /// <summary>"loopback" or "veth".</summary>
    public required string Path { get; init; }

    /// <summary>True when sender and receiver share one namespace (loopback): the receiver and sender counters are
    /// then deltas of the same table.</summary>
    public bool SameNetns { get; init; }

    /// <summary>Datagrams sent (payload bytes each).</summary>
    public int Sent { get; init; }

    /// <summary>Payload bytes per datagram.</summary>
    public int Payload { get; init; }

    /// <summary>send() calls that failed.</summary>
    public int SendErrors { get; init; }

    /// <summary>Time the sender spent in its send loop, microseconds.</summary>
    public long BurstMicros { get; init; }

    /// <summary>Receiving netns: Udp NoPorts delta.</summary>
    public long UdpNoPorts { get; init; }

    /// <summary>Receiving netns: Udp InErrors delta.</summary>
    public long UdpInErrors { get; init; }

    /// <summary>Receiving netns: Icmp OutMsgs delta.</summary>
    public long IcmpOutMsgs { get; init; }

    /// <summary>Receiving netns: Icmp OutDestUnreachs delta.</summary>
    public long IcmpOutDestUnreachs { get; init; }

    /// <summary>Receiving netns: IcmpMsg OutType3 delta.</summary>
    public long IcmpMsgOutType3 { get; init; }

    /// <summary>Receiving netns: Icmp OutRateLimitGlobal delta (icmpv4_global_allow refused); null if the kernel
    /// has no such counter.</summary>
    public long? IcmpOutRateLimitGlobal { get; init; }

    /// <summary>Receiving netns: Icmp OutRateLimitHost delta (icmpv4_xrlim_allow refused); null if absent.</summary>
    public long? IcmpOutRateLimitHost { get; init; }

    /// <summary>Sending netns: Icmp InMsgs delta.</summary>
    public long SenderIcmpInMsgs { get; init; }

    /// <summary>Sending netns: Icmp InDestUnreachs delta.</summary>
    public long SenderIcmpInDestUnreachs { get; init; }
}
