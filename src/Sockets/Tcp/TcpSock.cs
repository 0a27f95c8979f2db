using ActorStack.Engine;
using ActorStack.Sockets.Poll;
using ActorStack.Softirq;
using ActorStack.Softirq.Latency;
using ActorStack.Softirq.Skb;
using ActorStack.Softirq.Snmp;

namespace ActorStack.Sockets.Tcp;

/// <summary>
/// An established TCP socket on the receive side: tcp_rcv_established (fast and slow path), the receive and
/// out-of-order queues charged by truesize against sk_rcvbuf with pruning, ACKs (quick, delayed, window updates) and
/// the advertised window, and the socket lock: while a reader owns the socket (between its recv and its release)
/// softirq's segments go to the backlog up to the kernel's limit, and release_sock hands them back to the owner to
/// process in process context.
/// </summary>
/// <remarks>
/// Kernel: net/ipv4/tcp_input.c, tcp_ipv4.c (tcp_add_backlog), tcp.c (tcp_recvmsg_locked), core/sock.c
/// (lock_sock, __release_sock). The peer negotiates window scaling but neither SACK nor timestamps, so OFO segments
/// are acknowledged at once (no SACK compression) and there is no PAWS. The socket is a kernel data structure: its
/// work is paid by whoever calls into it (softirq in tcp_v4_rcv, the owning thread for the backlog).
/// </remarks>
public sealed partial class TcpSock : Actor<ITcpSockMsg>
{
    private readonly NetStack _stack;
    private readonly TcpSockInfo _info;
    private readonly TcpSockOptions _options;
    private readonly ITcpTransmit _tx;
    private readonly TcpHashTable _hash;
    private readonly Queue<TcpSkb> _receiveQueue = new();
    private readonly List<TcpSkb> _ofo = new();
    private readonly Queue<SkBuff> _backlog = new();
    private readonly Queue<TcpRecv> _lockWaiters = new();
    private readonly ThreadWaitEntries _sleepers = new(exclusive: false, PollEvents.In | PollEvents.Err | PollEvents.RdNorm);
    private readonly TcpReadBatch _batch = new();
    private readonly TcpData _data;
    private ActorTimer<ITcpSockMsg>? _delackTimer;
    private ITell<ITcpRecvReply>? _owner;
    private long _rmemAlloc;
    private long _backlogLen;
    private bool _finQueued;

    private TcpSock(NetStack stack, TcpSockInfo info, TcpSockOptions options, ITcpTransmit tx, TcpHashTable hash, TcpHandshake handshake)
    {
        _stack = stack;
        _info = info;
        _options = options;
        _tx = tx;
        _hash = hash;
        _data = new TcpData(_batch);
        InitWindow(handshake);
    }

    /// <summary>Recipe for the child socket a completed handshake creates (tcp_create_openreq_child).</summary>
    public static Props<ITcpSockMsg> Props(NetStack stack, TcpSockInfo info, TcpSockOptions options, ITcpTransmit tx, TcpHashTable hash, TcpHandshake handshake)
    {
        ArgumentNullException.ThrowIfNull(stack);
        return new Props<ITcpSockMsg>(() => new TcpSock(stack, info, options, tx, hash, handshake)).WithLifecycle(stack.Lifecycle<ITcpSockMsg>());
    }

    /// <inheritdoc />
    protected override void PreStart() => _delackTimer = Cpu.CreateTimer<ITcpSockMsg>(Self, DelackTimer.Instance);

    /// <inheritdoc />
    protected override void Receive(ITcpSockMsg message)
    {
        switch (message)
        {
            case TcpSegmentIn segment:
                NapiStruct.PipelineLeave(segment.Skb);
                SegmentFromSoftirq(segment.Skb);
                break;
            case TcpRecv recv:
                LockSock(recv);
                break;
            case TcpRelease release:
                ReleaseSock(release.App);
                break;
            case DelackTimer:
                DelackTimerExpired();
                break;
        }

        Publish();
    }

    /// <inheritdoc />
    protected override void PostStop() => Purge();

    /// <inheritdoc />
    protected override void PreRestart(Exception reason) => Purge();

    // tcp_v4_rcv() under bh_lock_sock: process now, or append to the backlog while the user owns the socket.
    private void SegmentFromSoftirq(SkBuff skb)
    {
        // tcp_v4_do_rcv(): sk_mark_napi_id() next to sock_rps_save_rxhash(). (The kernel marks a backlogged segment
        // when release_sock processes it; here on arrival.)
        _info.MarkNapiId(skb.NapiId);
        if (_owner is null)
        {
            DoRcv(skb);
            return;
        }

        TcpAddBacklog(skb);
    }

    // tcp_add_backlog(): limit = 2·rcvbuf + sndbuf/2 + 64 KiB against backlog.len + rmem_alloc (the new skb not counted).
    private void TcpAddBacklog(SkBuff skb)
    {
        long limit = (2L * _rcvbuf) + (_options.Sndbuf / 2) + 65536;
        if (_backlogLen + _rmemAlloc > limit)
        {
            _stack.Snmp.TcpExt.Inc(TcpExtMibField.TCPBacklogDrop);
            _info.CountDrop();
            _stack.KfreeSkb(skb, SkbDropReason.SocketBacklog);
            return;
        }

        _backlog.Enqueue(skb);
        _backlogLen += skb.Truesize;
    }

    // lock_sock(): a second thread waits for the owner; then tcp_recvmsg_locked().
    private void LockSock(TcpRecv recv)
    {
        if (_owner is not null && _owner != recv.App)
        {
            _lockWaiters.Enqueue(recv);
            return;
        }

        _owner = recv.App;
        _info.OwnedByUser = true;
        RecvLocked(recv.App, recv.Length, recv.NonBlocking);
    }

    // tcp_recvmsg_locked(): copy up to len once target (SO_RCVLOWAT) bytes are there; the backlog is flushed first
    // (__sk_flush_backlog); with nothing to read, sk_wait_data() releases the socket and sleeps.
    private void RecvLocked(ITell<ITcpRecvReply> app, int len, bool nonBlocking)
    {
        if (_backlog.Count > 0)
        {
            DrainBacklogFor(app);
            return;
        }

        int target = Math.Max(1, Math.Min(_options.RcvLowat, len));
        long unread = (uint)(_rcvNxt - _copiedSeq);
        bool eof = _finQueued || _info.State == TcpState.Close;
        if (unread >= target || eof || _resetPending)
        {
            TakeForRead(len);
            app.Tell(_data);
            return;
        }

        // Nothing (or too little) to read: give the socket up and wait, or return EAGAIN.
        GiveUpOwnership();
        if (nonBlocking)
        {
            app.Tell(Again.Instance);
        }
        else
        {
            // sk_wait_data(): add_wait_queue (not exclusive: woken_wake_function), then sleep.
            _sleepers.Sleep(app, _info.Wait);
        }

        GrantLockToWaiter();
    }

    // Moves up to len bytes from the receive queue into the batch, advancing copied_seq; finished skbs leave the queue
    // and are uncharged (tcp_eat_recv_skb), so the window can reopen.
    private void TakeForRead(int len)
    {
        _batch.Clear();
        _batch.StreamOffset = _copiedSeq - _peerIsn - 1;
        int remaining = len;
        while (remaining > 0 && _receiveQueue.TryPeek(out var head))
        {
            int offset = (int)(_copiedSeq - head.Seq);
            int dataLength = (int)(head.EndSeq - head.Seq) - (head.Fin ? 1 : 0);
            int n = Math.Min(dataLength - offset, remaining);
            bool finished = offset + n == dataLength;
            if (n > 0)
            {
                head.Skb.Stamp(LatencyStage.RecvMsg, Cpu.Clock.NowNanos);
                _batch.Add(head.Skb, head.HeaderLength, offset, n, finished && !head.Fin);
                _copiedSeq += (uint)n;
                remaining -= n;
            }

            if (!finished)
            {
                break;
            }

            _receiveQueue.Dequeue();
            ReleaseConsumed(head.Skb.Truesize);
            if (head.Fin)
            {
                // The FIN is consumed here: recv returns what is left, then 0.
                _copiedSeq++;
                _batch.Eof = true;
                if (n > 0)
                {
                    // A FIN riding on data: the reader frees the skb after copying, as the data's end.
                    _batch.MarkLastFinished();
                }
                else
                {
                    _stack.ConsumeByKernel(head.Skb, KernelEnd.TcpControl);
                }

                break;
            }
        }

        if (_resetPending && _receiveQueue.Count == 0)
        {
            _batch.Reset = true;
        }

        _batch.Eof |= (_info.State == TcpState.Close || _finQueued) && _receiveQueue.Count == 0 && _copiedSeq == _rcvNxt;
        TcpRcvSpaceAdjust();
        TcpCleanupRbuf(_batch.Bytes);
    }

    // release_sock() → __release_sock(): the owner processes the backlog (in process context, on its CPU), repeated
    // until it is empty; then the socket is released and a deferred delayed ACK goes out (tcp_release_cb).
    private void ReleaseSock(ITell<ITcpRecvReply> app)
    {
        if (_owner != app)
        {
            return;
        }

        if (_backlog.Count > 0)
        {
            DrainBacklogFor(app);
            return;
        }

        GiveUpOwnership();
        app.Tell(TcpReleased.Instance);
        GrantLockToWaiter();
    }

    private void DrainBacklogFor(ITell<ITcpRecvReply> app)
    {
        int n = 0;
        while (_backlog.TryDequeue(out var skb))
        {
            DoRcv(skb);
            n++;
        }

        app.Tell(TcpBacklog.Of(n));
    }

    private void GiveUpOwnership()
    {
        // sk_backlog.len is reset only once the backlog has been emptied.
        _backlogLen = 0;
        _owner = null;
        _info.OwnedByUser = false;
        if (_delackDeferred)
        {
            _delackDeferred = false;
            SendAck();
        }
    }

    private void GrantLockToWaiter()
    {
        if (_owner is null && _lockWaiters.TryDequeue(out var next))
        {
            LockSock(next);
        }
    }

    // tcp_data_ready() → sock_def_readable(): wake when SO_RCVLOWAT bytes are unread, or at EOF/reset.
    private void TcpDataReady()
    {
        long unread = _rcvNxt - _copiedSeq;
        if (unread >= _options.RcvLowat || _finQueued || _info.State == TcpState.Close)
        {
            _info.Readable = true;
            _info.Wait.WakeUp(PollEvents.Readable);
        }
    }

    private void Publish()
    {
        long unread = (uint)(_rcvNxt - _copiedSeq);
        _info.Readable = unread >= (uint)_options.RcvLowat || _info.State == TcpState.Close || (_finQueued && unread > 0);
        _info.Publish(unread, 0, _rmemAlloc, _backlogLen, _rcvbuf);
    }

    // A failed or stopped socket frees what it holds with a counted reason, never silently.
    private void Purge()
    {
        while (_receiveQueue.TryDequeue(out var q))
        {
            _stack.KfreeSkb(q.Skb, SkbDropReason.QueuePurge);
        }

        foreach (var q in _ofo)
        {
            _stack.KfreeSkb(q.Skb, SkbDropReason.QueuePurge);
        }

        _ofo.Clear();
        while (_backlog.TryDequeue(out var skb))
        {
            _stack.KfreeSkb(skb, SkbDropReason.QueuePurge);
        }

        _rmemAlloc = 0;
        _groupCharge = 0;
        _backlogLen = 0;
    }

    /// <summary>A queued segment (TCP_SKB_CB): sequence range and header length. It is charged its skb's truesize.</summary>
    /// <remarks>
    /// <paramref name="Coalesced"/>: tcp_try_coalesce() merged it into the skb before it, so the memory of that skb is
    /// given back only when this one's data has been read too (the kernel frees the merged skb as one).
    /// </remarks>
    private readonly record struct TcpSkb(SkBuff Skb, uint Seq, uint EndSeq, int HeaderLength, bool Fin, bool Coalesced = false)
    {
        public static TcpSkb Of(SkBuff skb, TcpSegment seg, bool coalesced = false) => new(skb, seg.Seq, seg.EndSeq, seg.HeaderLength, seg.Has(TcpFlags.Fin), coalesced);
    }
}
