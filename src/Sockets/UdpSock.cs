using ActorStack.Engine;
using ActorStack.Softirq;
using ActorStack.Softirq.Latency;
using ActorStack.Softirq.Skb;
using ActorStack.Softirq.Snmp;
using ActorStack.Softirq.Tracing;
using ActorStack.Sockets.Poll;
using Serilog.Events;

namespace ActorStack.Sockets;

/// <summary>
/// A bound UDP socket: sk_receive_queue plus the reader_queue, sk_rmem_alloc charged by truesize against sk_rcvbuf
/// with 6.18's admission rule, and sk_data_ready waking the socket's wait queue: blocked readers wait exclusively
/// (one woken per datagram), select/poll and epoll watchers are called on every datagram.
/// </summary>
/// <remarks>
/// Kernel: net/ipv4/udp.c __udp_enqueue_schedule_skb(), __skb_recv_udp(), udp_rmem_release().
/// Memory is uncharged when the reader takes the datagram rather than after its copy, a difference of one copy's time.
/// </remarks>
public sealed class UdpSock : Actor<IUdpSockMsg>
{
    private readonly NetStack _stack;
    private readonly UdpSockInfo _info;
    private readonly Queue<SkBuff> _receiveQueue = new();
    private readonly Queue<SkBuff> _readerQueue = new();
    private long _rmemAlloc;
    private long _forwardDeficit;
    private readonly ThreadWaitEntries _sleepers = new(exclusive: true, PollEvents.In | PollEvents.Err);

    private UdpSock(NetStack stack, UdpSockInfo info)
    {
        _stack = stack;
        _info = info;
    }

    /// <summary>
    /// Messages the socket's mailbox holds at most. The kernel's softirq calls into the socket directly; here the skb
    /// waits in the socket actor's mailbox, which in live mode can fall behind when the thread it runs on is saturated.
    /// A datagram arriving at a full mailbox is a receive-buffer drop (SOCKET_RCVBUFF), so memory stays bounded; far
    /// above what a socket buffer holds (212,992 B is 92 skbs of truesize 2304), so deterministic runs never reach it.
    /// </summary>
    internal const int MailboxLimit = 4096;

    /// <summary>Recipe for a socket bound to <paramref name="info"/>'s address.</summary>
    public static Props<IUdpSockMsg> Props(NetStack stack, UdpSockInfo info)
    {
        ArgumentNullException.ThrowIfNull(stack);
        return new Props<IUdpSockMsg>(() => new UdpSock(stack, info)).WithLifecycle(new UdpSockLifecycle(stack, info)).WithBoundedMailbox(MailboxLimit);
    }

    /// <inheritdoc />
    protected override void Receive(IUdpSockMsg message)
    {
        switch (message)
        {
            case UdpEnqueue enqueue:
                EnqueueScheduleSkb(enqueue.Skb);
                break;
            case UdpRecv recv:
                RecvMsg(recv.Reader, recv.NonBlocking, recv.Vlen);
                break;
        }
    }

    /// <inheritdoc />
    protected override void PreRestart(Exception reason) => Purge();

    /// <inheritdoc />
    protected override void PostStop() => Purge();

    private void EnqueueScheduleSkb(SkBuff skb)
    {
        // The datagram has left the protocol actors: the NAPI's next packets may take another CPU's.
        NapiStruct.PipelineLeave(skb);
        var span = _stack.Tracer.StartHop("udp_queue_rcv_skb", skb, skb.Cpu);
        long rmem = _rmemAlloc;
        if (span is not null)
        {
            span.SetTag(SkbTags.Socket, _info.Local.ToString());
            span.SetTag(SkbTags.SkRmemAlloc, rmem);
            span.SetTag(SkbTags.SkRcvbuf, _info.Rcvbuf);
            span.SetTag(SkbTags.SkQueueLen, _receiveQueue.Count + _readerQueue.Count);
        }

        // __udp_queue_rcv_skb(): the socket learns its NAPI before admission, so even a dropped datagram marks it.
        _info.MarkNapiId(skb.NapiId);
        int size = skb.Truesize;
        // 6.18: drop if it does not fit, except that an empty socket always takes one skb.
        if (rmem != 0 && rmem + size > _info.Rcvbuf)
        {
            var udp = _stack.Snmp.Udp;
            udp.Inc(UdpMibField.RcvbufErrors);
            udp.Inc(UdpMibField.InErrors);
            _info.CountDrop();
            // Linux prints nothing here: the drop shows in RcvbufErrors, ss's drops and the kfree_skb tracepoint.
            _stack.KfreeSkb(skb, SkbDropReason.SocketRcvbuff, span);
            return;
        }

        if (_info.Connected && skb.Hash != 0)
        {
            // __udp_queue_rcv_skb(): sock_rps_save_rxhash() for connected sockets.
            _info.RxHash = skb.Hash;
        }

        skb.Stamp(LatencyStage.SockQueue, Cpu.Clock.NowNanos);
        _receiveQueue.Enqueue(skb);
        _rmemAlloc += size;
        Publish();
        _info.CountEnqueued();
        _stack.Tracer.End(span);
        SkDataReady();
    }

    // sock_def_readable(): wake_up_interruptible_sync_poll(EPOLLIN | EPOLLPRI | EPOLLRDNORM | EPOLLRDBAND) with
    // nr_exclusive 1: every select/poll and (non-exclusive) epoll entry, then one exclusive blocked reader.
    private void SkDataReady()
    {
        if (_info.Wait.WakeUp(PollEvents.Readable) > 0)
        {
            _info.CountWakeup();
        }
    }

    private void RecvMsg(ITell<IUdpRecvReply> reader, bool nonBlocking, int vlen)
    {
        for (int i = 0; i < vlen; i++)
        {
            if (_readerQueue.Count == 0)
            {
                // __skb_recv_udp(): an empty reader queue takes the whole receive queue in one splice.
                Splice();
            }

            if (!_readerQueue.TryDequeue(out var skb))
            {
                if (i == 0)
                {
                    Empty(reader, nonBlocking);
                }

                return;
            }

            skb.Stamp(LatencyStage.RecvMsg, Cpu.Clock.NowNanos);
            RmemRelease(skb.Truesize);
            Publish();
            // recvmmsg(MSG_WAITFORONE): after the first datagram the call takes only what is already queued.
            bool more = i + 1 < vlen && (_readerQueue.Count > 0 || _receiveQueue.Count > 0);
            reader.Tell(Datagram.Of(skb, i, more));
            if (!more)
            {
                return;
            }
        }
    }

    // Nothing queued: -EAGAIN, or sleep on the wait queue (__skb_wait_for_more_packets: exclusive, receiver_wake_function).
    private void Empty(ITell<IUdpRecvReply> reader, bool nonBlocking)
    {
        if (nonBlocking)
        {
            reader.Tell(Again.Instance);
            return;
        }

        _sleepers.Sleep(reader, _info.Wait);
    }

    // udp_rmem_release(partial): memory goes back in batches of a quarter rcvbuf, or when the reader queue empties.
    private void RmemRelease(int size)
    {
        _forwardDeficit += size;
        if (_forwardDeficit < (_info.Rcvbuf >> 2) && _readerQueue.Count > 0)
        {
            return;
        }

        _rmemAlloc -= _forwardDeficit;
        _forwardDeficit = 0;
        Splice();
    }

    private void Splice()
    {
        while (_receiveQueue.TryDequeue(out var skb))
        {
            _readerQueue.Enqueue(skb);
        }
    }

    private void Publish()
    {
        _info.SetRmem(_rmemAlloc);
        _info.SetQueued(_receiveQueue.Count + _readerQueue.Count);
    }

    // A failed or closed socket frees what it holds with a counted reason (QUEUE_PURGE), never silently.
    private void Purge()
    {
        foreach (var queue in new[] { _readerQueue, _receiveQueue })
        {
            while (queue.TryDequeue(out var skb))
            {
                _stack.KfreeSkb(skb, SkbDropReason.QueuePurge);
            }
        }

        _rmemAlloc = 0;
        _forwardDeficit = 0;
        Publish();
    }
}
