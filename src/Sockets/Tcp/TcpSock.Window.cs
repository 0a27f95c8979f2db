using ActorStack.Softirq.Snmp;

namespace ActorStack.Sockets.Tcp;

/// <summary>
/// The receive window and ACKs: tcp_select_window(), __tcp_ack_snd_check(), quick-ACK and delayed-ACK, the receive
/// MSS and scaling-ratio estimate, rcv_ssthresh growth, and receive-buffer autotuning (tcp_rcv_space_adjust).
/// </summary>
public sealed partial class TcpSock
{
    private const int TcpMaxQuickAcks = 16;
    private uint _rcvNxt;
    private uint _rcvWup;
    private uint _copiedSeq;
    private uint _sndNxt;
    private uint _peerIsn;
    private long _rcvWnd;
    private long _rcvbuf;
    private long _rcvSsthresh;
    private long _windowClamp;
    private int _advMss;
    private int _rcvMss;
    private int _lastSegSize;
    private int _scalingRatio = 128;
    private int _wscale;
    private bool _ackScheduled;
    private bool _ackNow;
    private int _quick;
    private long _ato;
    private long _lrcvtime;
    private bool _delackDeferred;
    private bool _zeroWindowAdvertised;
    private uint _rttSeq;
    private long _rttTime;
    private long _rttNanos;
    private uint _spaceSeq;
    private long _spaceTime;
    private long _space;

    private void InitWindow(TcpHandshake h)
    {
        _peerIsn = h.PeerIsn;
        _rcvNxt = h.PeerIsn + 1;
        _rcvWup = _rcvNxt;
        _copiedSeq = _rcvNxt;
        _sndNxt = h.Iss + 1;
        _rcvWnd = h.RcvWnd;
        _rcvSsthresh = h.RcvWnd;
        _windowClamp = h.WindowClamp;
        _wscale = h.RcvWscale;
        _rcvbuf = _options.Rcvbuf;
        _advMss = _options.AdvMss;
        // tcp_initialize_rcv_mss(): min(advmss, mss, rcv_wnd/2, TCP_MSS_DEFAULT), at least TCP_MIN_MSS.
        _rcvMss = (int)Math.Max(88, Math.Min(Math.Min(_advMss, h.PeerMss > 0 ? h.PeerMss : 536), Math.Min(_rcvWnd / 2, 536)));
        _spaceSeq = _copiedSeq;
        _space = Math.Min(_rcvWnd, 10L * _advMss);
        InitBufferSpace();
    }

    // tcp_init_buffer_space() with tcp_app_win 31: "attempt to accept two segments" — a clamp within one segment of
    // the full space leaves room for one: max(2·advmss, full − advmss); rcv_ssthresh never above the clamp.
    private void InitBufferSpace()
    {
        long maxwin = WinFromSpace(_rcvbuf);
        _windowClamp = Math.Min(_windowClamp, maxwin);
        if (_windowClamp > 2L * _advMss && _windowClamp + _advMss > maxwin)
        {
            _windowClamp = Math.Max(2L * _advMss, maxwin - _advMss);
        }

        _rcvSsthresh = Math.Min(_rcvSsthresh, _windowClamp);
    }

    // tcp_win_from_space(): the payload a buffer of this truesize holds at the current scaling ratio.
    private long WinFromSpace(long space) => space * _scalingRatio >> 8;

    // tcp_space_from_win().
    private long SpaceFromWin(long win) => (win << 8) / Math.Max(1, _scalingRatio);

    // tcp_receive_window(): what is left of the advertised window.
    private uint ReceiveWindow()
    {
        long win = _rcvWup + _rcvWnd - _rcvNxt;
        win = (int)(uint)win;
        return win < 0 ? 0u : (uint)win;
    }

    // __tcp_select_window(): free space (buffer minus queued and backlogged truesize) as payload, capped by
    // rcv_ssthresh and window_clamp, rounded up to the scale; 0 below an MSS or a sixteenth of the buffer.
    private long SelectWindowRaw()
    {
        long allowed = WinFromSpace(_rcvbuf);
        long full = Math.Min(_windowClamp, allowed);
        long free = WinFromSpace(_rcvbuf - _backlogLen - _rmemAlloc);
        int mss = Math.Min(_rcvMss, (int)Math.Max(1, full));
        if (free < full >> 1)
        {
            _quick = 0;
            free = free >> _wscale << _wscale;
            if (free < allowed >> 4 || free < mss)
            {
                return 0;
            }
        }

        free = Math.Min(free, _rcvSsthresh);
        if (_wscale > 0)
        {
            long unit = 1L << _wscale;
            return (free + unit - 1) / unit * unit;
        }

        return free / mss * mss;
    }

    // tcp_select_window(): never shrink what was offered; remember it; return the 16-bit header value.
    private ushort SelectWindow()
    {
        var ext = _stack.Snmp.TcpExt;
        long current = ReceiveWindow();
        long wanted = SelectWindowRaw();
        long window = wanted;
        if (window < current)
        {
            if (wanted == 0)
            {
                ext.Inc(TcpExtMibField.TCPWantZeroWindowAdv);
            }

            long unit = 1L << _wscale;
            window = (current + unit - 1) / unit * unit;
        }

        _rcvWnd = window;
        _rcvWup = _rcvNxt;
        long field = Math.Min(window >> _wscale, 65535);
        if (field == 0)
        {
            if (!_zeroWindowAdvertised)
            {
                ext.Inc(TcpExtMibField.TCPToZeroWindowAdv);
            }

            _zeroWindowAdvertised = true;
        }
        else if (_zeroWindowAdvertised)
        {
            ext.Inc(TcpExtMibField.TCPFromZeroWindowAdv);
            _zeroWindowAdvertised = false;
        }

        return (ushort)field;
    }

    // tcp_send_ack(): the ACK carries rcv_nxt and a fresh window; it ends any pending or delayed ACK.
    private void SendAck()
    {
        ushort window = SelectWindow();
        _stack.Snmp.Tcp.Inc(TcpMibField.OutSegs);
        _stack.Snmp.Ip.Inc(IpMibField.OutRequests);
        _stack.Snmp.Ip.Inc(IpMibField.OutTransmits);
        _tx.Transmit(new TcpOutSegment(_info.Tuple, _sndNxt, _rcvNxt, TcpFlags.Ack, window));
        // tcp_event_ack_sent(): one quick ACK used, nothing pending.
        if (_quick > 0)
        {
            _quick--;
        }

        _ackScheduled = false;
        _ackNow = false;
        _delackDeferred = false;
        _delackTimer?.Cancel();
        AckedTail();
    }

    private void EnterQuickAck()
    {
        IncrQuickAck(TcpMaxQuickAcks);
        _ato = _options.AtoMinNanos;
    }

    // tcp_incr_quickack(): rcv_wnd/(2·rcv_mss) quick ACKs, at least 2, at most max.
    private void IncrQuickAck(int max)
    {
        long quickAcks = _rcvWnd / (2L * _rcvMss);
        if (quickAcks == 0)
        {
            quickAcks = 2;
        }

        _quick = (int)Math.Max(_quick, Math.Min(quickAcks, max));
    }

    // tcp_event_data_recv(): schedule an ACK, learn rcv_mss, measure the RTT, adapt ato, grow rcv_ssthresh.
    private void TcpEventDataRecv(ActorStack.Softirq.Skb.SkBuff skb, TcpSegment seg)
    {
        _ackScheduled = true;
        MeasureRcvMss(skb, seg);
        RcvRttMeasure();
        long now = Cpu.Clock.NowNanos;
        long atoMin = _options.AtoMinNanos;
        if (_ato == 0)
        {
            IncrQuickAck(TcpMaxQuickAcks);
            _ato = atoMin;
        }
        else
        {
            long m = now - _lrcvtime;
            if (m <= atoMin / 2)
            {
                _ato = (_ato >> 1) + (atoMin / 2);
            }
            else if (m < _ato)
            {
                _ato = Math.Min((_ato >> 1) + m, _options.DelackMaxNanos);
            }
            else if (m > _options.DelackMaxNanos)
            {
                IncrQuickAck(TcpMaxQuickAcks);
            }
        }

        _lrcvtime = now;
        if (seg.PayloadLength >= 128)
        {
            GrowWindow(seg.PayloadLength);
        }
    }

    // tcp_measure_rcv_mss(): a full-size segment sets rcv_mss; one whose size differs from the current rcv_mss also
    // re-estimates the scaling ratio (skb->len·256/truesize, at least 1), and a new ratio resets the window clamp.
    // Two equal smaller ones in a row (>= 536 + header) set rcv_mss to their size.
    private void MeasureRcvMss(ActorStack.Softirq.Skb.SkBuff skb, TcpSegment seg)
    {
        int lss = _lastSegSize;
        _lastSegSize = 0;
        int len = skb.GsoSize > 0 ? skb.GsoSize : seg.PayloadLength;
        if (len >= _rcvMss)
        {
            if (len != _rcvMss)
            {
                long ratio = Math.Clamp((long)seg.PayloadLength * 256 / Math.Max(1, _rxTruesize), 1, 255);
                if (ratio != _scalingRatio)
                {
                    _scalingRatio = (int)ratio;
                    SetWindowClamp(WinFromSpace(_rcvbuf));
                    _space = Math.Min(_space, _windowClamp);
                }
            }

            _rcvMss = Math.Min(len, _advMss);
            return;
        }

        if (len + seg.HeaderLength >= 536 + 20)
        {
            _lastSegSize = len;
            if (len == lss)
            {
                _rcvMss = len;
            }
        }
    }

    // tcp_set_window_clamp() as tcp_measure_rcv_mss() calls it when the ratio changes (locked buffer or not): at least
    // SOCK_MIN_RCVBUF/2; a lower clamp pulls rcv_ssthresh down with it, a higher one lets it rise to the window offered.
    private void SetWindowClamp(long value)
    {
        long clamp = Math.Max(ActorStack.Softirq.SockConstants.SockMinRcvbuf / 2, value);
        if (clamp == _windowClamp)
        {
            return;
        }

        long old = _windowClamp;
        _windowClamp = clamp;
        _rcvSsthresh = clamp < old ? Math.Min(_rcvSsthresh, clamp) : Math.Max(Math.Min(_rcvWnd, clamp), _rcvSsthresh);
    }

    // tcp_grow_window(): raise rcv_ssthresh by 2·rcv_mss when the skb's truesize is efficient enough for the room
    // left, so small segments with fat truesize cannot open the window beyond what memory can hold.
    private void GrowWindow(int len)
    {
        long room = Math.Min(_windowClamp, WinFromSpace(_rcvbuf - _rmemAlloc - _backlogLen)) - _rcvSsthresh;
        if (room <= 0)
        {
            return;
        }

        long incr;
        if (WinFromSpace(_rxGrowTruesize) <= len)
        {
            incr = 2L * _advMss;
        }
        else
        {
            incr = 0;
            long truesize = WinFromSpace(_rxGrowTruesize) >> 1;
            long window = WinFromSpace(_options.RmemMax) >> 1;
            while (_rcvSsthresh <= window)
            {
                if (truesize <= len)
                {
                    incr = 2L * _rcvMss;
                    break;
                }

                truesize >>= 1;
                window >>= 1;
            }
        }

        if (incr > 0)
        {
            incr = Math.Max(incr, 2L * len);
            _rcvSsthresh += Math.Min(room, incr);
        }
    }

    // __tcp_ack_snd_check(): more than one MSS unacknowledged and the window can move (or the reader is behind
    // SO_RCVLOWAT), quick-ACK mode, or ACK-now → send; else a delayed ACK (OFO data: at once, there is no SACK).
    private void AckSndCheck()
    {
        if (!_ackScheduled && !_ackNow)
        {
            return;
        }

        bool moreThanOneMss = (_rcvNxt - _rcvWup) > (uint)_rcvMss;
        if ((moreThanOneMss && ((_rcvNxt - _copiedSeq) < (uint)_options.RcvLowat || SelectWindowRaw() >= _rcvWnd)) || _quick > 0 || _ackNow)
        {
            SendAck();
            return;
        }

        if (_ofo.Count > 0)
        {
            SendAck();
            return;
        }

        SendDelayedAck();
    }

    // tcp_send_delayed_ack(): fire after ato (at most TCP_DELACK_MAX), keeping an earlier pending deadline.
    private void SendDelayedAck()
    {
        if (_delackTimer is { IsArmed: true })
        {
            return;
        }

        long ato = Math.Clamp(_ato, _options.AtoMinNanos, _options.DelackMaxNanos);
        _delackTimer?.Arm(ato);
    }

    // tcp_delack_timer(): with the socket owned the ACK waits for release_sock (DelayedACKLocked).
    private void DelackTimerExpired()
    {
        if (!_ackScheduled || _info.State == TcpState.Close)
        {
            return;
        }

        if (_owner is not null)
        {
            _stack.Snmp.TcpExt.Inc(TcpExtMibField.DelayedACKLocked);
            _delackDeferred = true;
            return;
        }

        _stack.Snmp.TcpExt.Inc(TcpExtMibField.DelayedACKs);
        // The peer went quiet: leave ping-pong guesses and grow ato (tcp_delack_timer_handler).
        _ato = Math.Min(_ato << 1, _options.DelackMaxNanos);
        SendAck();
    }

    // tcp_rcv_rtt_measure(): without timestamps, the time to receive one window's worth of data is the RTT sample.
    private void RcvRttMeasure()
    {
        long now = Cpu.Clock.NowNanos;
        if (_rttTime != 0 && TcpSeq.Before(_rcvNxt, _rttSeq))
        {
            return;
        }

        if (_rttTime != 0)
        {
            long sample = Math.Max(1, now - _rttTime);
            // tcp_rcv_rtt_update(win_dep = 1): keep the smallest sample.
            _rttNanos = _rttNanos == 0 ? sample : Math.Min(_rttNanos, sample);
        }

        _rttSeq = _rcvNxt + (uint)_rcvWnd;
        _rttTime = now;
    }

    // tcp_rcv_space_adjust(): once per RTT, if the reader drained more than last time, grow sk_rcvbuf to hold twice
    // that plus 16 MSS (up to tcp_rmem[2]) unless SO_RCVBUF locked it; window_clamp follows.
    private void TcpRcvSpaceAdjust()
    {
        long now = Cpu.Clock.NowNanos;
        if (_rttNanos == 0 || now - _spaceTime < _rttNanos)
        {
            return;
        }

        long copied = (uint)(_copiedSeq - _spaceSeq);
        if (copied > _space)
        {
            if (_options.ModerateRcvbuf && !_options.RcvbufLocked)
            {
                long rcvwin = (copied << 1) + (16L * _advMss);
                long rcvbuf = Math.Min(SpaceFromWin(rcvwin), _options.RmemMax);
                if (rcvbuf > _rcvbuf)
                {
                    _rcvbuf = rcvbuf;
                    _windowClamp = WinFromSpace(rcvbuf);
                }
            }

            _space = copied;
        }

        _spaceSeq = _copiedSeq;
        _spaceTime = now;
    }

    // __tcp_cleanup_rbuf(): after a read, ACK if one is pending and more than an MSS is unacknowledged, or if the
    // window the read opened is at least twice what was advertised.
    private void TcpCleanupRbuf(int copied)
    {
        bool timeToAck = _ackScheduled && ((_rcvNxt - _rcvWup) > (uint)_rcvMss || _ackNow);
        if (!timeToAck && copied > 0)
        {
            long current = ReceiveWindow();
            if (2 * current <= _windowClamp)
            {
                long newWindow = SelectWindowRaw();
                timeToAck = newWindow != 0 && newWindow >= 2 * current;
            }
        }

        if (timeToAck)
        {
            SendAck();
        }
    }
}
