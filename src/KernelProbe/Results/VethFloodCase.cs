namespace ActorStack.KernelProbe;

/// <summary>One veth-flood case: where the datagrams went, from the sender's send() to the receiver's queue.</summary>
public sealed record VethFloodCase
{
    /// <summary>"no-rps", "no-rps-backlog-10", "rps-cpu1-backlog-10" or "rps-cpu1".</summary>
    public required string Name { get; init; }

    /// <summary>net.core.netdev_max_backlog during the case.</summary>
    public int NetdevMaxBacklog { get; init; }

    /// <summary>The rps_cpus mask written to veth1's rx queues, or null for none.</summary>
    public string? RpsCpus { get; init; }

    /// <summary>Datagrams the sender tried to send.</summary>
    public int Datagrams { get; init; }

    /// <summary>UDP payload bytes per datagram.</summary>
    public int Payload { get; init; }

    /// <summary>CPU the sender's thread was pinned to (sched_getcpu() after pinning).</summary>
    public int SenderCpu { get; init; }

    /// <summary>Time the sender spent in its send loop, microseconds.</summary>
    public long SendMicros { get; init; }

    /// <summary>Wall time of the case from before the sender started to after the receiver drained, milliseconds.</summary>
    public long WallMs { get; init; }

    /// <summary>send() calls that returned an error.</summary>
    public int SendErrors { get; init; }

    /// <summary>send() errors by SocketError name.</summary>
    public IReadOnlyDictionary<string, int> SendErrorsByKind { get; init; } = new Dictionary<string, int>();

    /// <summary>Per-CPU /proc/net/softnet_stat deltas (global, so other traffic on the machine would show too).</summary>
    public IReadOnlyList<SoftnetCpuDelta> Softnet { get; init; } = [];

    /// <summary>getsockopt(SO_RCVBUF) of the receiver after SO_RCVBUFFORCE.</summary>
    public int ReceiverSkRcvbuf { get; init; }

    /// <summary>Receiver netns: Udp InDatagrams delta, read after draining.</summary>
    public long ReceiverInDatagrams { get; init; }

    /// <summary>Receiver netns: Udp RcvbufErrors delta.</summary>
    public long ReceiverRcvbufErrors { get; init; }

    /// <summary>Receiver netns: Udp InErrors delta.</summary>
    public long ReceiverInErrors { get; init; }

    /// <summary>Datagrams the receiver read when it drained its socket at the end.</summary>
    public int Drained { get; init; }

    /// <summary>Sender netns: Udp OutDatagrams delta.</summary>
    public long SenderOutDatagrams { get; init; }

    /// <summary>Sender netns: Udp SndbufErrors delta (udp_send_skb() counts an -ENOBUFS from the device here and
    /// reports success to the caller unless IP_RECVERR is set).</summary>
    public long SenderSndbufErrors { get; init; }

    /// <summary>Sender netns: Ip OutDiscards delta (ip_send_skb() counts a failed transmit here).</summary>
    public long SenderIpOutDiscards { get; init; }

    /// <summary><c>ip -s link</c> of veth0 in A: TX packets delta.</summary>
    public long Veth0TxPackets { get; init; }

    /// <summary><c>ip -s link</c> of veth0 in A: TX dropped delta (veth_xmit() counts a skb that __netif_rx() refused).</summary>
    public long Veth0TxDropped { get; init; }

    /// <summary><c>ip -s link</c> of veth1 in B: RX packets delta.</summary>
    public long Veth1RxPackets { get; init; }

    /// <summary><c>ip -s link</c> of veth1 in B: RX dropped delta (enqueue_to_backlog() counts the same refused skb
    /// against skb->dev, now veth1, so one backlog drop shows on both ends of the pair).</summary>
    public long Veth1RxDropped { get; init; }
}
