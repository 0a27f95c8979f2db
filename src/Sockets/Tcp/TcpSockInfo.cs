using ActorStack.Sockets.Poll;

namespace ActorStack.Sockets.Tcp;

/// <summary>
/// What others may read of a TCP socket without messaging it: ss's columns, readiness for poll, and whether the
/// user owns the socket (sock_owned_by_user, read by softirq to choose between processing and the backlog).
/// The socket actor is the only writer.
/// </summary>
public sealed class TcpSockInfo : IPollable
{
    private volatile int _state;
    private volatile bool _owned;
    private long _recvQ;
    private long _sendQ;
    private long _rmemAlloc;
    private long _backlogLen;
    private long _rcvbuf;
    private long _drops;
    private volatile bool _readable;
    private int _napiId;

    /// <summary>A socket for <paramref name="tuple"/> (the remote part is zero for a listener).</summary>
    public TcpSockInfo(FourTuple tuple, TcpState state, int rcvbuf)
    {
        Tuple = tuple;
        _state = (int)state;
        _rcvbuf = rcvbuf;
    }

    /// <summary>
    /// sk_napi_id: the NAPI of the last segment processed (sk_mark_napi_id in tcp_v4_do_rcv), the one a busy-polling
    /// reader polls; 0 until then.
    /// </summary>
    public int NapiId => Volatile.Read(ref _napiId);

    /// <summary>sk_mark_napi_id() for a segment from NAPI <paramref name="napiId"/>.</summary>
    internal void MarkNapiId(int napiId) => Volatile.Write(ref _napiId, napiId);

    /// <summary>Addresses.</summary>
    public FourTuple Tuple { get; }

    /// <summary>The socket's wait queue (sk_wq).</summary>
    public WaitQueue Wait { get; } = new();

    /// <summary>State.</summary>
    public TcpState State
    {
        get => (TcpState)_state;
        set => _state = (int)value;
    }

    /// <summary>sock_owned_by_user().</summary>
    public bool OwnedByUser
    {
        get => _owned;
        set => _owned = value;
    }

    /// <summary>ss Recv-Q: unread bytes (rcv_nxt − copied_seq); for a listener, the accept queue length.</summary>
    public long RecvQ => Interlocked.Read(ref _recvQ);

    /// <summary>ss Send-Q: unacknowledged sent bytes; for a listener, the listen backlog.</summary>
    public long SendQ => Interlocked.Read(ref _sendQ);

    /// <summary>sk_rmem_alloc.</summary>
    public long RmemAlloc => Interlocked.Read(ref _rmemAlloc);

    /// <summary>sk_backlog.len.</summary>
    public long BacklogLen => Interlocked.Read(ref _backlogLen);

    /// <summary>sk_rcvbuf.</summary>
    public long Rcvbuf => Interlocked.Read(ref _rcvbuf);

    /// <summary>sk_drops.</summary>
    public long Drops => Interlocked.Read(ref _drops);

    /// <summary>EPOLLIN would be reported now (data at or above SO_RCVLOWAT, EOF, or a connection to accept).</summary>
    public bool Readable
    {
        get => _readable;
        set => _readable = value;
    }

    /// <summary>tcp_poll(): EPOLLIN | EPOLLRDNORM while <see cref="Readable"/>.</summary>
    public PollEvents Poll() => _readable ? PollEvents.In | PollEvents.RdNorm : PollEvents.None;

    /// <summary>Publishes the socket's queue state.</summary>
    public void Publish(long recvQ, long sendQ, long rmemAlloc, long backlogLen, long rcvbuf)
    {
        Interlocked.Exchange(ref _recvQ, recvQ);
        Interlocked.Exchange(ref _sendQ, sendQ);
        Interlocked.Exchange(ref _rmemAlloc, rmemAlloc);
        Interlocked.Exchange(ref _backlogLen, backlogLen);
        Interlocked.Exchange(ref _rcvbuf, rcvbuf);
    }

    /// <summary>sk_drops_add().</summary>
    public void CountDrop() => Interlocked.Increment(ref _drops);
}
