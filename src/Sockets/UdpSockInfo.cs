using ActorStack.Sockets.Poll;

namespace ActorStack.Sockets;

/// <summary>
/// What ss and /proc/net/udp show about a UDP socket, readable from any thread while the socket actor runs.
/// Survives restarts of the socket actor.
/// </summary>
public sealed class UdpSockInfo : IPollable
{
    private long _rmemAlloc;
    private long _drops;
    private long _queued;
    private long _enqueued;
    private long _wakeups;
    private int _rcvbuf;
    private uint _rxHash;
    private int _napiId;

    /// <summary>Creates the view of a socket bound to <paramref name="local"/> with sk_rcvbuf <paramref name="rcvbuf"/>.</summary>
    public UdpSockInfo(Endpoint local, int rcvbuf, bool rcvbufLocked)
    {
        Local = local;
        _rcvbuf = rcvbuf;
        RcvbufLocked = rcvbufLocked;
    }

    /// <summary>connect()ed to its peer: state TCP_ESTABLISHED, so it saves sk_rxhash and RFS records its reader.</summary>
    public bool Connected { get; init; }

    /// <summary>sk_rxhash: the flow hash of the last datagram queued (sock_rps_save_rxhash), connected sockets only.</summary>
    public uint RxHash
    {
        get => Volatile.Read(ref _rxHash);
        internal set => Volatile.Write(ref _rxHash, value);
    }

    /// <summary>
    /// sk_napi_id: the NAPI of the datagrams this socket receives (sk_mark_napi_id), the one a busy-polling reader
    /// polls; 0 until the first datagram. A connected socket follows every datagram; an unconnected one keeps the
    /// first (sk_mark_napi_id_once), so datagrams from other queues do not move it.
    /// </summary>
    public int NapiId => Volatile.Read(ref _napiId);

    /// <summary>SO_BUSY_POLL (default net.core.busy_read), SO_BUSY_POLL_BUDGET and SO_PREFER_BUSY_POLL.</summary>
    public BusyPollSettings BusyPoll { get; init; } = BusyPollSettings.Off;

    /// <summary>setsockopt(UDP_GRO): GRO may merge this socket's datagrams; recvmsg returns them as one buffer.</summary>
    public bool UdpGro { get; init; }

    /// <summary>The socket's wait queue (sk_wq): blocked readers, select/poll entries, epoll items.</summary>
    public WaitQueue Wait { get; } = new();

    /// <summary>udp_poll()/datagram_poll(): readable while a datagram is queued.</summary>
    public PollEvents Poll() => Queued > 0 ? PollEvents.In | PollEvents.RdNorm : PollEvents.None;

    /// <summary>Bound address and port.</summary>
    public Endpoint Local { get; }

    /// <summary>sk_rcvbuf.</summary>
    public int Rcvbuf => Volatile.Read(ref _rcvbuf);

    /// <summary>SOCK_RCVBUF_LOCK: set by SO_RCVBUF.</summary>
    public bool RcvbufLocked { get; }

    /// <summary>sk_rmem_alloc: truesize charged (Recv-Q in ss, rx_queue in /proc/net/udp).</summary>
    public long RmemAlloc => Interlocked.Read(ref _rmemAlloc);

    /// <summary>sk_drops.</summary>
    public long Drops => Interlocked.Read(ref _drops);

    /// <summary>Datagrams queued (receive queue plus reader queue).</summary>
    public long Queued => Interlocked.Read(ref _queued);

    /// <summary>Datagrams ever admitted.</summary>
    public long Enqueued => Interlocked.Read(ref _enqueued);

    /// <summary>sk_data_ready calls that woke something on the wait queue (a blocked reader, a select/poll or epoll waiter).</summary>
    public long Wakeups => Interlocked.Read(ref _wakeups);

    /// <summary>sk_mark_napi_id() / sk_mark_napi_id_once() for a datagram from NAPI <paramref name="napiId"/>.</summary>
    internal void MarkNapiId(int napiId)
    {
        if (Connected || Volatile.Read(ref _napiId) == 0)
        {
            Volatile.Write(ref _napiId, napiId);
        }
    }

    internal void SetRmem(long value) => Interlocked.Exchange(ref _rmemAlloc, value);

    internal void SetQueued(long value) => Interlocked.Exchange(ref _queued, value);

    internal void CountDrop() => Interlocked.Increment(ref _drops);

    internal void CountEnqueued() => Interlocked.Increment(ref _enqueued);

    internal void CountWakeup() => Interlocked.Increment(ref _wakeups);
}
