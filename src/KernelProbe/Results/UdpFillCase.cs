namespace ActorStack.KernelProbe;

/// <summary>
/// One udp-fill case: a receiver on 127.0.0.1 that is never read while a second socket sends <see cref="Sent"/>
/// datagrams to it. Each datagram is charged to sk_rmem_alloc at its skb truesize, and __udp_enqueue_schedule_skb()
/// refuses it (RcvbufErrors, InErrors) once sk_rmem_alloc exceeds sk_rcvbuf, so <see cref="Queued"/> ≈
/// sk_rcvbuf / truesize.
/// </summary>
public sealed record UdpFillCase
{
    /// <summary>The SO_RCVBUF value set with setsockopt, or null when left at net.core.rmem_default.</summary>
    public int? RcvbufRequested { get; init; }

    /// <summary>getsockopt(SO_RCVBUF): sk_rcvbuf, which sock_setsockopt() sets to twice the request (at least
    /// SOCK_MIN_RCVBUF).</summary>
    public int SkRcvbuf { get; init; }

    /// <summary>UDP payload bytes per datagram.</summary>
    public int Payload { get; init; }

    /// <summary>Datagrams the sender handed to send() successfully.</summary>
    public int Sent { get; init; }

    /// <summary>send() calls that failed.</summary>
    public int SendErrors { get; init; }

    /// <summary>rx_queue of the receiver's line in /proc/net/udp (sk_rmem_alloc, bytes), read before draining; null
    /// if the line was not found.</summary>
    public long? RxQueueBytes { get; init; }

    /// <summary>The socket's drops column of /proc/net/udp (sk_drops), read before draining.</summary>
    public long? SocketDrops { get; init; }

    /// <summary>Datagrams that were in the receive queue, counted by draining it until EAGAIN.</summary>
    public int Queued { get; init; }

    /// <summary>rx_queue_bytes / queued: the truesize charged per datagram; null when nothing was queued.</summary>
    public long? Truesize { get; init; }

    /// <summary>Udp RcvbufErrors delta over the fill, before reading.</summary>
    public long RcvbufErrors { get; init; }

    /// <summary>Udp InErrors delta over the fill, before reading.</summary>
    public long InErrors { get; init; }

    /// <summary>Udp InDatagrams delta over the fill, before reading.</summary>
    public long InDatagrams { get; init; }

    /// <summary>Udp InDatagrams delta from before the fill to after draining (udp_recvmsg() counts it on read).</summary>
    public long InDatagramsAfterRead { get; init; }
}
