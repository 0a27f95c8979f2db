using ActorStack.Softirq;
using ActorStack.Softirq.Latency;
using ActorStack.Softirq.Skb;
using ActorStack.Softirq.Snmp;

namespace ActorStack.Sockets.Tcp;

/// <summary>tcp_v4_do_rcv() → tcp_rcv_established(): header prediction, the slow path and tcp_data_queue().</summary>
public sealed partial class TcpSock
{
    private bool _fastPath = true;
    private bool _resetPending;

    // tcp_v4_do_rcv() for an established (or CLOSE_WAIT) socket.
    private void DoRcv(SkBuff skb)
    {
        if (!TcpSegment.TryParse(skb, out var seg))
        {
            _stack.KfreeSkb(skb, SkbDropReason.PktTooSmall);
            return;
        }

        if (_info.State == TcpState.Close)
        {
            _stack.KfreeSkb(skb, SkbDropReason.TcpClose);
            return;
        }

        var ext = _stack.Snmp.TcpExt;
        // Header prediction: only ACK (PSH ignored), the expected sequence, nothing odd pending.
        if (_fastPath && (seg.Flags & ~TcpFlags.Psh) == TcpFlags.Ack && seg.Seq == _rcvNxt && !TcpSeq.After(seg.Ack, _sndNxt))
        {
            if (seg.PayloadLength == 0)
            {
                ext.Inc(TcpExtMibField.TCPHPAcks);
                _stack.ConsumeByKernel(skb, KernelEnd.TcpControl);
                return;
            }

            // The kernel wants truesize <= sk_forward_alloc; the model's stand-in is "fits the receive buffer".
            if (_rmemAlloc + skb.Truesize <= _rcvbuf)
            {
                ext.Inc(TcpExtMibField.TCPHPHits);
                QueueRcv(skb, seg);
                TcpEventDataRecv(skb, seg);
                AckSndCheck();
                TcpDataReady();
                return;
            }
        }

        SlowPath(skb, seg);
    }

    private void SlowPath(SkBuff skb, TcpSegment seg)
    {
        if (!seg.Has(TcpFlags.Ack) && !seg.Has(TcpFlags.Rst) && !seg.Has(TcpFlags.Syn))
        {
            _stack.KfreeSkb(skb, SkbDropReason.TcpFlags);
            return;
        }

        // tcp_validate_incoming(): sequence check (RFC 793), then RST, then SYN.
        uint window = ReceiveWindow();
        if (TcpSeq.Before(seg.EndSeq, _rcvWup))
        {
            SendDupAck(seg, SkbDropReason.TcpOldSequence, skb);
            return;
        }

        if (TcpSeq.After(seg.Seq, _rcvNxt + window))
        {
            SendDupAck(seg, SkbDropReason.TcpInvalidSequence, skb);
            return;
        }

        if (seg.Has(TcpFlags.Rst))
        {
            if (seg.Seq == _rcvNxt)
            {
                TcpReset();
            }
            else
            {
                // In window but not exact: challenge ACK (RFC 5961).
                SendAck();
            }

            _stack.KfreeSkb(skb, SkbDropReason.TcpReset);
            return;
        }

        if (seg.Has(TcpFlags.Syn))
        {
            SendAck();
            _stack.KfreeSkb(skb, SkbDropReason.TcpInvalidSyn);
            return;
        }

        if (seg.PayloadLength == 0 && !seg.Has(TcpFlags.Fin))
        {
            _stack.Snmp.TcpExt.Inc(TcpExtMibField.TCPPureAcks);
            _stack.ConsumeByKernel(skb, KernelEnd.TcpControl);
            return;
        }

        DataQueue(skb, seg);
        AckSndCheck();
    }

    // tcp_data_queue().
    private void DataQueue(SkBuff skb, TcpSegment seg)
    {
        var ext = _stack.Snmp.TcpExt;
        if (seg.Seq == _rcvNxt)
        {
            if (ReceiveWindow() == 0 && !(seg.PayloadLength == 0 && seg.Has(TcpFlags.Fin)))
            {
                ZeroWindowDrop(skb);
                return;
            }

            if (seg.PayloadLength > 0 && !TryRmemSchedule())
            {
                // Send the ACK now and wake the reader; drop if there is something to read, else force it in.
                _ackNow = true;
                TcpDataReady();
                if (_receiveQueue.Count > 0)
                {
                    ext.Inc(TcpExtMibField.TCPRcvQDrop);
                    _info.CountDrop();
                    _stack.KfreeSkb(skb, SkbDropReason.ProtoMem);
                    return;
                }
            }

            QueueRcv(skb, seg);
            if (seg.PayloadLength > 0)
            {
                TcpEventDataRecv(skb, seg);
            }

            if (_ofo.Count > 0)
            {
                OfoQueue();
                if (_ofo.Count == 0)
                {
                    // The hole is filled: ACK at once (inet_csk(sk)->icsk_ack.pending |= ICSK_ACK_NOW).
                    _ackNow = true;
                }
            }

            if (_ofo.Count == 0 && _rmemAlloc < _rcvbuf && ReceiveWindow() > 0)
            {
                _fastPath = true; // tcp_fast_path_check()
            }

            TcpDataReady();
            return;
        }

        if (!TcpSeq.After(seg.EndSeq, _rcvNxt))
        {
            // A retransmission of data already received: DSACK it and ACK at once.
            ext.Inc(TcpExtMibField.DelayedACKLost);
            EnterQuickAck();
            _ackNow = true;
            _stack.KfreeSkb(skb, SkbDropReason.TcpOldData);
            return;
        }

        if (!TcpSeq.Before(seg.Seq, _rcvNxt + ReceiveWindow()))
        {
            _ackNow = true;
            _stack.KfreeSkb(skb, SkbDropReason.TcpOverwindow);
            return;
        }

        if (TcpSeq.Before(seg.Seq, _rcvNxt))
        {
            // Partly old: queued whole; the reader skips the old bytes (copied_seq is past them).
            if (ReceiveWindow() == 0)
            {
                ZeroWindowDrop(skb);
                return;
            }

            QueueRcv(skb, seg);
            TcpEventDataRecv(skb, seg);
            TcpDataReady();
            return;
        }

        DataQueueOfo(skb, seg);
    }

    // No room in the window for new data: TCPZeroWindowDrop, and the ACK goes out at once.
    private void ZeroWindowDrop(SkBuff skb)
    {
        _stack.Snmp.TcpExt.Inc(TcpExtMibField.TCPZeroWindowDrop);
        _ackNow = true;
        _stack.KfreeSkb(skb, SkbDropReason.TcpZerowindow);
    }

    // tcp_queue_rcv(): append to the receive queue, charge truesize, advance rcv_nxt.
    private void QueueRcv(SkBuff skb, TcpSegment seg)
    {
        skb.Stamp(LatencyStage.SockQueue, Cpu.Clock.NowNanos);
        // tcp_event_data_recv() after this still sees the skb's own truesize, whatever a merge charged; tcp_grow_window()
        // takes truesize_adjust(): without its head (skb_headlen 0) a paged skb counts only its fragments.
        _rxTruesize = skb.Truesize;
        _rxGrowTruesize = skb.PayloadInFrags && skb.CoalesceTruesize >= seg.PayloadLength ? skb.CoalesceTruesize : skb.Truesize;
        bool coalesced = TryCoalesce(skb, seg.Seq, seg.EndSeq, seg.PayloadLength);
        _receiveQueue.Enqueue(TcpSkb.Of(skb, seg, coalesced));
        _rmemAlloc += skb.Truesize;
        if (TcpSeq.After(seg.EndSeq, _rcvNxt))
        {
            _rcvNxt = seg.EndSeq;
        }

        if (seg.Has(TcpFlags.Fin))
        {
            TcpFin();
        }
    }

    // tcp_data_queue_ofo(): keep it sorted; a duplicate merges away (TCPOFOMerge); ACK at once (no SACK to compress).
    private void DataQueueOfo(SkBuff skb, TcpSegment seg)
    {
        var ext = _stack.Snmp.TcpExt;
        _fastPath = false;
        _ackNow = true;
        if (!TryRmemSchedule())
        {
            ext.Inc(TcpExtMibField.TCPOFODrop);
            _info.CountDrop();
            _stack.KfreeSkb(skb, SkbDropReason.ProtoMem);
            return;
        }

        ext.Inc(TcpExtMibField.TCPOFOQueue);
        int at = _ofo.Count;
        while (at > 0 && TcpSeq.After(_ofo[at - 1].Seq, seg.Seq))
        {
            at--;
        }

        // Covered by a neighbour: the new one merges away. Covering neighbours: they merge away.
        if (at > 0 && !TcpSeq.After(seg.EndSeq, _ofo[at - 1].EndSeq) && !TcpSeq.Before(seg.Seq, _ofo[at - 1].Seq))
        {
            ext.Inc(TcpExtMibField.TCPOFOMerge);
            _stack.KfreeSkb(skb, SkbDropReason.TcpOfomerge);
            return;
        }

        while (at < _ofo.Count && !TcpSeq.After(_ofo[at].EndSeq, seg.EndSeq))
        {
            ext.Inc(TcpExtMibField.TCPOFOMerge);
            _rmemAlloc -= _ofo[at].Skb.Truesize;
            _stack.KfreeSkb(_ofo[at].Skb, SkbDropReason.TcpOfomerge);
            _ofo.RemoveAt(at);
        }

        skb.Stamp(LatencyStage.SockQueue, Cpu.Clock.NowNanos);
        _ofo.Insert(at, TcpSkb.Of(skb, seg));
        _rmemAlloc += skb.Truesize;
    }

    // tcp_ofo_queue(): move what has become in order to the receive queue; drop what is now entirely old.
    private void OfoQueue()
    {
        while (_ofo.Count > 0 && !TcpSeq.After(_ofo[0].Seq, _rcvNxt))
        {
            var q = _ofo[0];
            _ofo.RemoveAt(0);
            if (!TcpSeq.After(q.EndSeq, _rcvNxt))
            {
                _rmemAlloc -= q.Skb.Truesize;
                _stack.KfreeSkb(q.Skb, SkbDropReason.TcpOfomerge);
                continue;
            }

            // Moves queues; a merge into the tail replaces its full charge by what the merge cost.
            int charged = q.Skb.Truesize;
            bool coalesced = TryCoalesce(q.Skb, q.Seq, q.EndSeq, (int)(q.EndSeq - q.Seq) - (q.Fin ? 1 : 0));
            _rmemAlloc += q.Skb.Truesize - charged;
            _receiveQueue.Enqueue(q with { Coalesced = coalesced });
            _rcvNxt = q.EndSeq;
            if (q.Fin)
            {
                TcpFin();
            }
        }
    }

    // tcp_fin(): the peer is done sending; ESTABLISHED → CLOSE_WAIT, and the FIN is ACKed at once.
    private void TcpFin()
    {
        _finQueued = true;
        _ackNow = true;
        if (_info.State == TcpState.Established)
        {
            _info.State = TcpState.CloseWait;
        }
    }

    // tcp_reset(): ECONNRESET for the reader; the socket is closed and unhashed.
    private void TcpReset()
    {
        var tcp = _stack.Snmp.Tcp;
        if (_info.State is TcpState.Established or TcpState.CloseWait)
        {
            tcp.Inc(TcpMibField.EstabResets);
            tcp.Dec(TcpMibField.CurrEstab);
        }

        _info.State = TcpState.Close;
        _resetPending = true;
        _hash.Remove(_info.Tuple);
        _delackTimer?.Cancel();
        _info.Wait.WakeUp(Poll.PollEvents.Readable | Poll.PollEvents.Err | Poll.PollEvents.Hup);
    }

    // tcp_send_dupack() after a failed sequence check (RSTs are never answered).
    private void SendDupAck(TcpSegment seg, SkbDropReason reason, SkBuff skb)
    {
        if (!seg.Has(TcpFlags.Rst))
        {
            if (seg.PayloadLength > 0 && TcpSeq.Before(seg.Seq, _rcvNxt))
            {
                _stack.Snmp.TcpExt.Inc(TcpExtMibField.DelayedACKLost);
                EnterQuickAck();
            }

            SendAck();
        }

        _stack.KfreeSkb(skb, reason);
    }

    // tcp_try_rmem_schedule(): over the buffer → prune the receive queue, then the OFO queue.
    private bool TryRmemSchedule()
    {
        if (_rmemAlloc <= _rcvbuf)
        {
            return true;
        }

        // tcp_prune_queue() already prunes the OFO queue and succeeds only once the buffer fits.
        return PruneQueue();
    }

    // tcp_prune_queue(): clamp the window, collapse the queues to compact skbs, prune OFO; still over → RcvPruned.
    private bool PruneQueue()
    {
        if (_receiveQueue.Count == 0 && _ofo.Count == 0)
        {
            return false;
        }

        var ext = _stack.Snmp.TcpExt;
        ext.Inc(TcpExtMibField.PruneCalled);
        if (_rmemAlloc >= _rcvbuf)
        {
            // tcp_clamp_window()
            _rcvSsthresh = Math.Min(_windowClamp, 4L * _advMss);
        }

        Collapse();
        if (_rmemAlloc <= _rcvbuf)
        {
            return true;
        }

        PruneOfoQueue();
        if (_rmemAlloc <= _rcvbuf)
        {
            return true;
        }

        ext.Inc(TcpExtMibField.RcvPruned);
        return false;
    }

    // tcp_collapse(): skbs whose truesize wastes more than their data are copied into compact ones of up to
    // SKB_MAX_ORDER(0, 0) = 3776 bytes, truesize SKB_TRUESIZE(4096 − 320). The model keeps each skb (so its packets
    // still end in one place) and re-charges it at the compact rate (its truesize); each one collapsed counts
    // TCPRcvCollapsed.
    private void Collapse()
    {
        foreach (var q in _receiveQueue)
        {
            int len = (int)(q.EndSeq - q.Seq);
            int compact = CompactCharge(len);
            int truesize = q.Skb.Truesize;
            if (compact < truesize && WinFromSpace(truesize) > len)
            {
                _stack.Snmp.TcpExt.Inc(TcpExtMibField.TCPRcvCollapsed);
                _rmemAlloc -= truesize - compact;
                q.Skb.Truesize = compact;
                ForgetTail();
            }
        }
    }

    private static int CompactCharge(int bytes) => Math.Max(1, (int)(((long)bytes * 4352) + 3775) / 3776);

    // tcp_prune_ofo_queue(): drop from the OFO tail in rounds of at least rcvbuf/8 until the buffer fits.
    private bool PruneOfoQueue()
    {
        if (_ofo.Count == 0)
        {
            return false;
        }

        long goal = _rcvbuf >> 3;
        while (_ofo.Count > 0)
        {
            var q = _ofo[^1];
            _ofo.RemoveAt(_ofo.Count - 1);
            _rmemAlloc -= q.Skb.Truesize;
            goal -= q.Skb.Truesize;
            _stack.KfreeSkb(q.Skb, SkbDropReason.TcpOfoQueuePrune);
            if (goal <= 0)
            {
                if (_rmemAlloc <= _rcvbuf)
                {
                    break;
                }

                goal = _rcvbuf >> 3;
            }
        }

        _stack.Snmp.TcpExt.Inc(TcpExtMibField.OfoPruned);
        return _rmemAlloc <= _rcvbuf;
    }
}
