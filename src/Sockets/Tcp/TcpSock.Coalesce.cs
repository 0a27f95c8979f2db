using ActorStack.Softirq.Skb;
using ActorStack.Softirq.Snmp;

namespace ActorStack.Sockets.Tcp;

/// <summary>
/// tcp_try_coalesce(): an in-order segment that continues the receive queue's tail skb is merged into it instead of
/// being queued as an skb of its own (TCPRcvCoalesce). skb_try_coalesce() copies data that fits the tail's tailroom
/// (no extra memory), else takes its page fragments (stealing a page-fragment head) while the tail has fewer than
/// MAX_SKB_FRAGS, and charges the socket only what the data really occupies; the merged skb's sk_buff is freed.
/// </summary>
/// <remarks>
/// Kernel: net/ipv4/tcp_input.c tcp_try_coalesce(), tcp_queue_rcv(), tcp_ofo_queue(); net/core/skbuff.c
/// skb_try_coalesce(). The model keeps the merged segment as its own queue entry (so its packet still ends in one
/// place when read), charged the delta, and gives the group's memory back when its last byte is read. A local TCP
/// sender's skb is a clone (skb_cloned()) until our ACK covering it goes out, so nothing merges into it before then.
/// Not modelled: tcp_ooo_try_coalesce() inside the out-of-order queue, and merging into skbs tcp_collapse() rebuilt.
/// </remarks>
public sealed partial class TcpSock
{
    private const int MaxSkbFrags = 17;
    private uint _tailEndSeq;
    private int _tailFrags;
    private int _tailTailroom;
    private long _groupCharge;

    // The truesize of the segment just queued, before a merge replaced its charge (tcp_measure_rcv_mss() and
    // tcp_grow_window() read skb->truesize of the skb itself, which skb_try_coalesce() leaves alone).
    private int _rxTruesize;

    // What tcp_grow_window() counts of that skb (truesize_adjust()).
    private int _rxGrowTruesize;

    // The tail skb is a sender's clone until its data is acknowledged (its end sequence then).
    private bool _tailCloned;
    private uint _tailHeadEndSeq;

    // tcp_queue_rcv(): coalesce into the tail if possible; the caller queues the entry either way and charges
    // skb.Truesize, which a merge has set to what the merge cost.
    private bool TryCoalesce(SkBuff skb, uint seq, uint endSeq, int len)
    {
        if (_receiveQueue.Count == 0 || seq != _tailEndSeq || _tailCloned)
        {
            StartTail(skb, endSeq);
            return false;
        }

        int delta;
        if (len <= _tailTailroom)
        {
            // Copied into the tail's linear room: nothing more to charge.
            _tailTailroom -= len;
            delta = 0;
        }
        else if (skb.CoalesceTruesize > 0 && FragsFit(skb))
        {
            delta = skb.CoalesceTruesize;
            _tailFrags += skb.CoalesceFrags;
            // skb_tailroom() of a nonlinear skb is 0.
            _tailTailroom = 0;
        }
        else
        {
            StartTail(skb, endSeq);
            return false;
        }

        _stack.Snmp.TcpExt.Inc(TcpExtMibField.TCPRcvCoalesce);
        skb.Truesize = delta;
        _tailEndSeq = endSeq;
        return true;
    }

    // A stolen head must leave room (nr_frags + 0 >= MAX_SKB_FRAGS refuses); moved fragments may fill it exactly.
    private bool FragsFit(SkBuff skb) => skb.PayloadInFrags
        ? _tailFrags + skb.CoalesceFrags <= MaxSkbFrags
        : _tailFrags < MaxSkbFrags;

    // The new tail: its own fragments, and the linear room left after its data when it has none.
    // A GRO aggregate (frag_list) accepts nothing: skb_try_coalesce() refuses frag_list skbs and a nonlinear skb has
    // no tailroom.
    private void StartTail(SkBuff skb, uint endSeq)
    {
        _tailEndSeq = endSeq;
        _tailHeadEndSeq = endSeq;
        _tailCloned = skb.SenderClone;
        bool aggregate = skb.FragList is not null || skb.DataLen > 0;
        _tailFrags = aggregate ? MaxSkbFrags : skb.PayloadInFrags ? skb.CoalesceFrags : 0;
        _tailTailroom = aggregate || skb.PayloadInFrags ? 0 : skb.CoalesceTailroom;
    }

    // tcp_send_ack() acknowledged up to rcv_nxt: once the peer frees its original, the tail is no longer cloned.
    private void AckedTail()
    {
        if (_tailCloned && !TcpSeq.Before(_rcvNxt, _tailHeadEndSeq))
        {
            _tailCloned = false;
        }
    }

    // tcp_collapse() rebuilt the queue's skbs: the model does not merge into them.
    private void ForgetTail()
    {
        _tailFrags = MaxSkbFrags;
        _tailTailroom = 0;
    }

    // sk_eat_skb() after a read: a merged group's memory goes back when its last member is read.
    private void ReleaseConsumed(int charge)
    {
        long release = charge + _groupCharge;
        _groupCharge = 0;
        if (_receiveQueue.TryPeek(out var next) && next.Coalesced)
        {
            _groupCharge = release;
            return;
        }

        _rmemAlloc -= release;
    }
}
