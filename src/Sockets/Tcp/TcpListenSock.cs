using ActorStack.Engine;
using ActorStack.Sockets.Poll;
using ActorStack.Softirq;
using ActorStack.Softirq.Skb;
using ActorStack.Softirq.Snmp;

namespace ActorStack.Sockets.Tcp;

/// <summary>
/// A listening socket: SYNs make request sockets (the SYN queue, answered with a SYN-ACK and retransmitted on a
/// timer), the handshake's final ACK makes a child socket on the accept queue, and accept() takes it. Both queues
/// are bounded by the listen backlog (capped by somaxconn): overflow counts ListenOverflows and ListenDrops; a full
/// SYN queue falls back to SYN cookies (tcp_syncookies=1) or drops (TCPReqQFullDrop).
/// </summary>
/// <remarks>Kernel: net/ipv4/tcp_input.c tcp_conn_request(), tcp_minisocks.c tcp_check_req(), tcp_ipv4.c
/// tcp_v4_syn_recv_sock(), inet_connection_sock.c inet_csk_accept(), syncookies.c. SYN-ACK retransmits back off
/// from 1 s, tcp_synack_retries (5) times.</remarks>
public sealed class TcpListenSock : Actor<ITcpListenMsg>
{
    private const int SynAckRetries = 5;
    private readonly NetStack _stack;
    private readonly TcpSockInfo _info;
    private readonly TcpListenOptions _listen;
    private readonly TcpSockOptions _child;
    private readonly ITcpTransmit _tx;
    private readonly TcpHashTable _hash;
    private readonly Dictionary<FourTuple, RequestSock> _requests = new();
    private readonly Queue<TcpConnection> _acceptQueue = new();
    private readonly ThreadWaitEntries _acceptSleepers = new(exclusive: true, PollEvents.In);
    private ActorTimer<ITcpListenMsg>? _timer;
    private int _children;

    private TcpListenSock(NetStack stack, TcpSockInfo info, TcpListenOptions listen, TcpSockOptions child, ITcpTransmit tx, TcpHashTable hash)
    {
        _stack = stack;
        _info = info;
        _listen = listen;
        _child = child;
        _tx = tx;
        _hash = hash;
    }

    /// <summary>Recipe for a listener on <paramref name="info"/>'s local address.</summary>
    public static Props<ITcpListenMsg> Props(NetStack stack, TcpSockInfo info, TcpListenOptions listen, TcpSockOptions child, ITcpTransmit tx, TcpHashTable hash)
    {
        ArgumentNullException.ThrowIfNull(stack);
        return new Props<ITcpListenMsg>(() => new TcpListenSock(stack, info, listen, child, tx, hash)).WithLifecycle(stack.Lifecycle<ITcpListenMsg>());
    }

    /// <summary>sk_max_ack_backlog: min(listen backlog, somaxconn).</summary>
    private int MaxAckBacklog => Math.Min(_listen.Backlog, _listen.Somaxconn);

    /// <inheritdoc />
    protected override void PreStart() => _timer = Cpu.CreateTimer<ITcpListenMsg>(Self, SynAckTimer.Instance);

    /// <inheritdoc />
    protected override void Receive(ITcpListenMsg message)
    {
        switch (message)
        {
            case TcpSegmentIn segment:
                NapiStruct.PipelineLeave(segment.Skb);
                Segment(segment.Skb);
                break;
            case TcpAccept accept:
                Accept(accept.App, accept.NonBlocking);
                break;
            case SynAckTimer:
                SynAckTimerExpired();
                break;
        }

        _info.Readable = _acceptQueue.Count > 0;
        _info.Publish(_acceptQueue.Count, MaxAckBacklog, 0, 0, _info.Rcvbuf);
    }

    private void Segment(SkBuff skb)
    {
        if (!TcpSegment.TryParse(skb, out var seg))
        {
            _stack.KfreeSkb(skb, SkbDropReason.PktTooSmall);
            return;
        }

        var ip = skb.Buffer.AsSpan(skb.NetworkHeader);
        var tuple = new FourTuple(
            System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(ip[16..]), seg.DestPort,
            System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(ip[12..]), seg.SourcePort);
        if (_requests.TryGetValue(tuple, out var request))
        {
            CheckReq(skb, seg, tuple, request);
            return;
        }

        // Softirq looked the request up just before it became a child (another CPU, or the segment right behind
        // the handshake's ACK): look up again and hand it to the child, as tcp_v4_rcv does after tcp_check_req.
        if (_hash.LookupEstablished(tuple) is { IsRequest: false } child)
        {
            child.Actor.Tell(TcpSegmentIn.Of(skb));
            return;
        }

        if (seg.Has(TcpFlags.Rst))
        {
            _stack.KfreeSkb(skb, SkbDropReason.TcpReset);
            return;
        }

        if (seg.Has(TcpFlags.Ack))
        {
            // No request: only a valid SYN cookie completes a handshake here (cookie_v4_check).
            CookieCheck(skb, seg, tuple);
            return;
        }

        if (seg.Has(TcpFlags.Syn))
        {
            ConnRequest(skb, seg, tuple);
            return;
        }

        _stack.KfreeSkb(skb, SkbDropReason.TcpFlags);
    }

    // tcp_conn_request().
    private void ConnRequest(SkBuff skb, TcpSegment seg, FourTuple tuple)
    {
        var ext = _stack.Snmp.TcpExt;
        bool wantCookie = false;
        if (_listen.Syncookies == 2 || _requests.Count > MaxAckBacklog)
        {
            if (_listen.Syncookies == 0)
            {
                ext.Inc(TcpExtMibField.TCPReqQFullDrop);
                ListenDrop(skb, SkbDropReason.TcpListenOverflow);
                return;
            }

            ext.Inc(TcpExtMibField.TCPReqQFullDoCookies);
            wantCookie = true;
        }

        if (AcceptQueueFull)
        {
            ext.Inc(TcpExtMibField.ListenOverflows);
            ListenDrop(skb, SkbDropReason.TcpListenOverflow);
            return;
        }

        if (!wantCookie && _listen.Syncookies == 0 && _listen.MaxSynBacklog - _requests.Count < _listen.MaxSynBacklog >> 2)
        {
            ListenDrop(skb, SkbDropReason.TcpListenOverflow);
            return;
        }

        var (mss, peerWscale) = TcpSegment.SynOptions(skb);
        int wscale = peerWscale >= 0 ? _child.WindowScale : 0;
        var handshake = OpenreqInitRwin(seg.Seq, wantCookie ? CookieIss(tuple, seg.Seq) : Iss(tuple, seg.Seq), wscale, mss);
        if (wantCookie)
        {
            ext.Inc(TcpExtMibField.SyncookiesSent);
        }
        else
        {
            var request = new RequestSock(handshake, Cpu.Clock.NowNanos + RetransmitNanos(0), 0);
            _requests[tuple] = request;
            _hash.Insert(tuple, new TcpSocketRef(Self, _info, IsRequest: true));
            ArmTimer();
        }

        SendSynAck(tuple, handshake, peerWscale >= 0);
        _stack.ConsumeByKernel(skb, KernelEnd.TcpControl);
    }

    // tcp_check_req(): the ACK of our SYN-ACK (possibly with data) completes the handshake.
    private void CheckReq(SkBuff skb, TcpSegment seg, FourTuple tuple, RequestSock request)
    {
        var h = request.Handshake;
        if (seg.Has(TcpFlags.Rst))
        {
            RemoveRequest(tuple);
            _stack.KfreeSkb(skb, SkbDropReason.TcpReset);
            return;
        }

        if (seg.Has(TcpFlags.Syn) && seg.Seq == h.PeerIsn)
        {
            // A retransmitted SYN: answer with the SYN-ACK again.
            SendSynAck(tuple, h, h.RcvWscale > 0);
            _stack.ConsumeByKernel(skb, KernelEnd.TcpControl);
            return;
        }

        if (!seg.Has(TcpFlags.Ack) || seg.Ack != h.Iss + 1)
        {
            _stack.KfreeSkb(skb, SkbDropReason.TcpFlags);
            return;
        }

        CreateChild(skb, seg, tuple, h);
    }

    private void CookieCheck(SkBuff skb, TcpSegment seg, FourTuple tuple)
    {
        var ext = _stack.Snmp.TcpExt;
        uint peerIsn = seg.Seq - 1;
        if (_listen.Syncookies == 0 || seg.Ack - 1 != CookieIss(tuple, peerIsn))
        {
            if (_listen.Syncookies != 0)
            {
                ext.Inc(TcpExtMibField.SyncookiesFailed);
            }

            // A stray ACK to a listener is answered with a RST (tcp_rcv_state_process → tcp_v4_send_reset).
            TcpSendReset.Send(_stack, _tx, tuple, seg);
            _stack.KfreeSkb(skb, SkbDropReason.TcpFlags);
            return;
        }

        ext.Inc(TcpExtMibField.SyncookiesRecv);
        int wscale = _child.WindowScale;
        CreateChild(skb, seg, tuple, OpenreqInitRwin(peerIsn, seg.Ack - 1, wscale, 536));
    }

    // tcp_v4_syn_recv_sock(): a full accept queue drops the ACK (the request stays for the SYN-ACK timer).
    private void CreateChild(SkBuff skb, TcpSegment seg, FourTuple tuple, TcpHandshake h)
    {
        if (AcceptQueueFull)
        {
            _stack.Snmp.TcpExt.Inc(TcpExtMibField.ListenOverflows);
            ListenDrop(skb, SkbDropReason.TcpListenOverflow);
            return;
        }

        _requests.Remove(tuple);
        ArmTimer();
        var info = new TcpSockInfo(tuple, TcpState.Established, _child.Rcvbuf);
        var child = Cpu.Simulation.Spawn(TcpSock.Props(_stack, info, _child, _tx, _hash, h), $"tcp:{tuple}#{_children++}");
        _hash.Insert(tuple, new TcpSocketRef(child, info));
        _stack.Snmp.Tcp.Inc(TcpMibField.PassiveOpens);
        _stack.Snmp.Tcp.Inc(TcpMibField.CurrEstab);
        _acceptQueue.Enqueue(new TcpConnection(child, info));
        _info.Readable = true;
        // sk_data_ready on the listener: accept() sleepers (exclusive) and epoll watchers.
        _info.Wait.WakeUp(PollEvents.Readable);
        if (seg.PayloadLength > 0 || seg.Has(TcpFlags.Fin))
        {
            // tcp_child_process(): the data riding on the ACK goes to the child.
            child.Tell(TcpSegmentIn.Of(skb));
        }
        else
        {
            _stack.ConsumeByKernel(skb, KernelEnd.TcpControl);
        }
    }

    // inet_csk_accept(): take the first child, or wait exclusively on the listener's queue, or EAGAIN.
    private void Accept(ITell<IAcceptReply> app, bool nonBlocking)
    {
        if (_acceptQueue.TryDequeue(out var connection))
        {
            app.Tell(new TcpAccepted(connection));
            return;
        }

        if (nonBlocking)
        {
            app.Tell(Again.Instance);
            return;
        }

        _acceptSleepers.Sleep(app, _info.Wait);
    }

    // sk_acceptq_is_full(): sk_ack_backlog > sk_max_ack_backlog.
    private bool AcceptQueueFull => _acceptQueue.Count > MaxAckBacklog;

    private void ListenDrop(SkBuff skb, SkbDropReason reason)
    {
        _stack.Snmp.TcpExt.Inc(TcpExtMibField.ListenDrops);
        _info.CountDrop();
        _stack.KfreeSkb(skb, reason);
    }

    // tcp_openreq_init_rwin() → tcp_select_initial_window(): the first window is the full space rounded down to
    // whole segments (no cap by segment count since 4.19, nor by U16_MAX since 6.10: init_rcv_wnd is 0 without a
    // route metric or BPF); the window clamp starts as the whole buffer (a locked SO_RCVBUF caps it there, and
    // tcp_init_buffer_space() then trims it, see TcpSock.InitWindow); scaled only if the peer offered scaling.
    private TcpHandshake OpenreqInitRwin(uint peerIsn, uint iss, int wscale, int peerMss)
    {
        long fullSpace = _child.InitialFullSpace;
        int mss = Math.Min(_child.AdvMss, peerMss > 0 ? peerMss : 536);
        long rcvWnd = fullSpace > mss ? fullSpace / mss * mss : fullSpace;
        return new TcpHandshake(iss, peerIsn, wscale, rcvWnd, fullSpace, peerMss > 0 ? peerMss : 536);
    }

    private void SendSynAck(FourTuple tuple, TcpHandshake h, bool offerScale)
    {
        _stack.Snmp.Tcp.Inc(TcpMibField.OutSegs);
        _stack.Snmp.Ip.Inc(IpMibField.OutRequests);
        _stack.Snmp.Ip.Inc(IpMibField.OutTransmits);
        _tx.Transmit(new TcpOutSegment(tuple, h.Iss, h.PeerIsn + 1, TcpFlags.Syn | TcpFlags.Ack, (ushort)Math.Min(h.RcvWnd, 65535), (byte)(offerScale ? h.RcvWscale : 0xff), (ushort)_child.AdvMss));
    }

    // reqsk_timer_handler(): resend the SYN-ACK with exponential backoff; give up after tcp_synack_retries.
    private void SynAckTimerExpired()
    {
        long now = Cpu.Clock.NowNanos;
        foreach (var (tuple, request) in _requests.ToArray())
        {
            if (request.DueNanos > now)
            {
                continue;
            }

            if (request.Retransmits >= SynAckRetries)
            {
                RemoveRequest(tuple);
                continue;
            }

            _stack.Snmp.Tcp.Inc(TcpMibField.RetransSegs);
            _stack.Snmp.TcpExt.Inc(TcpExtMibField.TCPSynRetrans);
            SendSynAck(tuple, request.Handshake, request.Handshake.RcvWscale > 0);
            _requests[tuple] = request with { Retransmits = request.Retransmits + 1, DueNanos = now + RetransmitNanos(request.Retransmits + 1) };
        }

        ArmTimer();
    }

    private void RemoveRequest(FourTuple tuple)
    {
        _requests.Remove(tuple);
        _hash.Remove(tuple);
    }

    private void ArmTimer()
    {
        if (_requests.Count == 0)
        {
            _timer?.Cancel();
            return;
        }

        long next = _requests.Values.Min(r => r.DueNanos);
        _timer?.Arm(Math.Max(0, next - Cpu.Clock.NowNanos));
    }

    // TCP_TIMEOUT_INIT (1 s), doubling per retransmit.
    private static long RetransmitNanos(int retransmits) => 1_000_000_000L << retransmits;

    // secure_tcp_seq() stand-in: a fixed mix of the 4-tuple and the peer's ISN, the same in every process (unlike
    // HashCode, which is seeded per process), so runs are reproducible bit for bit.
    private static uint Iss(FourTuple t, uint peerIsn) => Mix(t, peerIsn, 0x85ebca6bu);

    // cookie_v4_init_sequence() stand-in: recomputable from the ACK alone (4-tuple and the peer's ISN).
    private static uint CookieIss(FourTuple t, uint peerIsn) => Mix(t, peerIsn, 0x9e3779b9u);

    private static uint Mix(FourTuple t, uint peerIsn, uint salt) =>
        (t.LocalAddress * 2246822519u) ^ ((uint)t.LocalPort << 16 | t.RemotePort) ^ (t.RemoteAddress * 3266489917u) ^ (peerIsn + salt);

    private readonly record struct RequestSock(TcpHandshake Handshake, long DueNanos, int Retransmits);
}

/// <summary>listen() and its sysctls.</summary>
/// <param name="Backlog">listen()'s backlog argument.</param>
/// <param name="Somaxconn">net.core.somaxconn (4096).</param>
/// <param name="MaxSynBacklog">net.ipv4.tcp_max_syn_backlog.</param>
/// <param name="Syncookies">net.ipv4.tcp_syncookies (1).</param>
public sealed record TcpListenOptions(int Backlog = 128, int Somaxconn = 4096, int MaxSynBacklog = 1024, int Syncookies = 1);
