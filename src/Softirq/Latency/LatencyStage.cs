namespace ActorStack.Softirq.Latency;

/// <summary>
/// The points on the receive path where a packet's model time is stamped, in path order. The time between two
/// consecutive points is one stage of the "where the microseconds go" table.
/// </summary>
public enum LatencyStage
{
    /// <summary>The frame leaves the sender.</summary>
    Wire,

    /// <summary>The NIC has DMA'd it into a descriptor (nic_rx_dma).</summary>
    Dma,

    /// <summary>The driver's NAPI poll cleans the descriptor (napi_poll), or a legacy ISR takes it.</summary>
    NapiPoll,

    /// <summary>GRO hands it up: netif_receive_skb_internal / netif_rx (before RPS steering).</summary>
    NetifReceiveSkb,

    /// <summary>__netif_receive_skb_core on the CPU that does the protocol work (after any RPS backlog).</summary>
    ReceiveCore,

    /// <summary>ip_rcv starts.</summary>
    IpRcv,

    /// <summary>The transport protocol's receive starts (udp_rcv).</summary>
    L4Rcv,

    /// <summary>The socket accepts it into its receive queue.</summary>
    SockQueue,

    /// <summary>recvmsg takes it off the queue in the application's thread.</summary>
    RecvMsg,

    /// <summary>The copy to user space is done: delivered.</summary>
    Copied,
}

/// <summary>Names of the stages between consecutive <see cref="LatencyStage"/> points.</summary>
public static class LatencyStages
{
    /// <summary>Stamp points.</summary>
    public const int Points = (int)LatencyStage.Copied + 1;

    /// <summary>Intervals between consecutive points, plus the total (last).</summary>
    public const int Intervals = Points;

    /// <summary>Machine names (JSON keys) of the intervals; the last is the total.</summary>
    public static IReadOnlyList<string> Keys { get; } =
    [
        "wire_to_dma",
        "dma_to_napi_poll",
        "napi_poll_to_netif_receive_skb",
        "rps_backlog",
        "netif_receive_skb_to_ip_rcv",
        "ip_rcv",
        "l4_rcv",
        "socket_queue_wait",
        "recvmsg_copy",
        "total",
    ];

    /// <summary>What each interval contains, in kernel words.</summary>
    public static IReadOnlyList<string> Descriptions { get; } =
    [
        "wire → NIC DMA (port, descriptor write)",
        "DMA → napi_poll (coalescing, hard IRQ, softirq wait)",
        "napi_poll → netif_receive_skb (driver, GRO hold)",
        "RPS: enqueue_to_backlog → process_backlog (IPI, backlog)",
        "__netif_receive_skb_core → ip_rcv",
        "ip_rcv → udp_rcv/tcp_v4_rcv (IP checks, routing, local deliver)",
        "L4 rcv → socket queue (lookup, admission, TCP backlog)",
        "socket queue → recvmsg (queueing, wakeup, context switch)",
        "recvmsg: syscall and copy to user",
        "total: wire → application",
    ];
}
