using ActorStack.Engine;
using ActorStack.Nic;
using ActorStack.Protocols.Wire;
using ActorStack.Sockets.Tcp;
using ActorStack.Softirq;

namespace ActorStack.Wire;

/// <summary>
/// One connection's sender on the far side of the wire: opens with a SYN (MSS and window-scale options), then sends
/// the stream within min(cwnd, the host's advertised window), paced at the link rate. It reacts to the host's ACKs
/// (Reno slow start and congestion avoidance, NewReno fast retransmit after three duplicate ACKs, RTO with backoff
/// and RFC 6298 estimates, zero-window probes) and ends with a FIN. Frames toward the host may be lost or held back
/// (reordered) by the wire; ACKs come back after the one-way delay.
/// </summary>
/// <remarks>The peer is the test harness's sender, not the kernel under study: no SACK, no timestamps.</remarks>
public sealed class TcpPeer : Actor<ITcpPeerMsg>
{
    private const long MinRtoNanos = 200_000_000;
    private const long MaxRtoNanos = 120_000_000_000;
    private const int MaxRetries = 15;
    private readonly Setup _setup;
    private readonly UdpFrameSpec _spec;
    private readonly Random _random;
    private readonly PriorityQueue<Pending, (long, long)> _pending = new();
    private readonly uint _isn;
    private readonly long _streamBytes;
    private ActorTimer<ITcpPeerMsg>? _tick;
    private ActorTimer<ITcpPeerMsg>? _rto;
    private ActorTimer<ITcpPeerMsg>? _start;
    private State _state;
    private long _sndUna;
    private long _sndNxt;
    private long _highestSent;
    private long _recover;
    private bool _inRecovery;
    private int _dupAcks;
    private double _cwnd = 10;
    private double _ssthresh = double.MaxValue;
    private long _rwnd = 65535;
    private int _hostWscale;
    private long _srtt;
    private long _rttvar;
    private long _rtoNanos = 1_000_000_000;
    private int _retries;
    private long _timedSeq = -1;
    private long _timedAt;
    private long _linkFreeAt;
    private long _order;
    private ushort _ipId;
    private long _windowWhenDup = -1;
    private uint _hostIss;

    private TcpPeer(Setup setup)
    {
        _setup = setup;
        _spec = setup.Spec;
        _random = new Random(setup.Wire.Seed * 7919 + setup.Connection);
        _isn = (uint)(0x10000000u + ((uint)setup.Connection * 0x01000193u) + ((uint)setup.Wire.Seed * 0x9e3779b1u));
        _streamBytes = setup.Bytes;
    }

    private enum State
    {
        Closed,
        SynSent,
        Established,
        Done,
    }

    /// <summary>Recipe.</summary>
    public static Props<ITcpPeerMsg> Props(Setup setup) => new(() => new TcpPeer(setup)) { Supervisor = Supervision.Stop };

    /// <inheritdoc />
    protected override void PreStart()
    {
        _tick = Cpu.CreateTimer(Self, TcpPeerMsg.SendTick);
        _rto = Cpu.CreateTimer(Self, TcpPeerMsg.Rto);
        _start = Cpu.CreateTimer(Self, TcpPeerMsg.Connect);
    }

    /// <inheritdoc />
    protected override void Receive(ITcpPeerMsg message)
    {
        long now = Cpu.Clock.NowNanos;
        switch (message)
        {
            case var _ when message == TcpPeerMsg.Connect && now < _setup.StartNanos:
                // connect() later: the connections of a scenario arrive spread out.
                _start!.Arm(_setup.StartNanos - now);
                break;
            case var _ when message == TcpPeerMsg.Connect:
                _state = State.SynSent;
                SendSyn();
                break;
            case TcpPeerMsg.FromHost fromHost:
                // The host's segment travels back for the one-way delay.
                Schedule(now + _setup.Wire.DelayNanos, new Pending(null, fromHost.Segment));
                break;
            case var _ when message == TcpPeerMsg.Rto:
                OnRto();
                break;
        }

        RunDue(now);
        TrySend();
        ArmTick();
    }

    private void RunDue(long now)
    {
        while (_pending.TryPeek(out var p, out var at) && at.Item1 <= now)
        {
            _pending.Dequeue();
            if (p.Frame is { } frame)
            {
                frame.SentNanos = now;
                _setup.Device.Transmit(frame, null);
            }
            else
            {
                OnSegment(p.Segment);
            }
        }
    }

    private void ArmTick()
    {
        long now = Cpu.Clock.NowNanos;
        long next = _pending.TryPeek(out _, out var at) ? at.Item1 : long.MaxValue;
        if (_linkFreeAt > now && WantsToSend())
        {
            next = Math.Min(next, _linkFreeAt);
        }

        if (next == long.MaxValue)
        {
            _tick!.Cancel();
        }
        else
        {
            _tick!.Arm(Math.Max(0, next - now));
        }
    }

    private void OnSegment(TcpOutSegment seg)
    {
        _setup.Stats.CountAck();
        if ((seg.Flags & TcpFlags.Rst) != 0)
        {
            _setup.Stats.CountRst();
            Abort();
            return;
        }

        if ((seg.Flags & TcpFlags.Syn) != 0)
        {
            if (_state == State.SynSent && seg.Ack == _isn + 1)
            {
                _hostIss = seg.Seq;
                _hostWscale = seg.WindowScale == 0xff ? 0 : seg.WindowScale;
                _rwnd = seg.Window;
                _state = State.Established;
                _sndUna = 0;
                _sndNxt = 0;
                _highestSent = 0;
                _retries = 0;
                _rto!.Cancel();
            }

            // Our ACK of the SYN-ACK (again, if the host lost it to a full accept queue).
            if (_state == State.Established)
            {
                SendFrame(Seq(_sndNxt), TcpFlags.Ack);
            }

            return;
        }

        if (_state != State.Established || (seg.Flags & TcpFlags.Ack) == 0)
        {
            return;
        }

        long ack = Unwrap(seg.Ack);
        long window = (long)seg.Window << _hostWscale;
        if (ack > _sndUna)
        {
            OnNewAck(ack);
        }
        else if (ack == _sndUna && _highestSent > _sndUna && window == _windowWhenDup)
        {
            OnDupAck();
        }

        _windowWhenDup = window;
        _rwnd = window;
        if (_sndUna >= _streamBytes + 1)
        {
            // Data and FIN acknowledged.
            _state = State.Done;
            _rto!.Cancel();
            _setup.Stats.CountCompleted();
            return;
        }

        if (_highestSent > _sndUna || (_rwnd == 0 && _sndUna < _streamBytes + 1))
        {
            if (!_rto!.IsArmed)
            {
                _rto.Arm(_rtoNanos);
            }
        }
        else
        {
            _rto!.Cancel();
        }
    }

    private void OnNewAck(long ack)
    {
        long acked = ack - _sndUna;
        _setup.Stats.CountAcked(Math.Min(acked, Math.Max(0, _streamBytes - _sndUna)));
        if (_timedSeq >= 0 && ack > _timedSeq)
        {
            RttSample(Cpu.Clock.NowNanos - _timedAt);
            _timedSeq = -1;
        }

        _sndUna = ack;
        if (_sndNxt < _sndUna)
        {
            _sndNxt = _sndUna;
        }

        _retries = 0;
        _dupAcks = 0;
        int mss = _setup.Mss;
        if (_inRecovery)
        {
            if (ack >= _recover)
            {
                _inRecovery = false;
                _cwnd = _ssthresh;
            }
            else
            {
                // NewReno partial ACK: the next hole is lost too.
                Retransmit(_sndUna);
                _cwnd = Math.Max(_cwnd - (acked / (double)mss) + 1, 1);
            }
        }
        else if (_cwnd < _ssthresh)
        {
            _cwnd += acked / (double)mss;
        }
        else
        {
            _cwnd += acked / (double)mss / _cwnd;
        }

        _rto!.Arm(_rtoNanos);
    }

    private void OnDupAck()
    {
        _dupAcks++;
        if (_inRecovery)
        {
            _cwnd += 1;
            return;
        }

        if (_dupAcks == 3)
        {
            _setup.Stats.CountFastRetransmit();
            double inFlight = (_highestSent - _sndUna) / (double)_setup.Mss;
            _ssthresh = Math.Max(inFlight / 2, 2);
            _cwnd = _ssthresh + 3;
            _recover = _highestSent;
            _inRecovery = true;
            Retransmit(_sndUna);
        }
    }

    private void OnRto()
    {
        if (_state == State.Done || _state == State.Closed)
        {
            return;
        }

        if (++_retries > MaxRetries)
        {
            Abort();
            return;
        }

        _rtoNanos = Math.Min(_rtoNanos * 2, MaxRtoNanos);
        if (_state == State.SynSent)
        {
            SendSyn();
            return;
        }

        if (_rwnd == 0 && _highestSent <= _sndUna)
        {
            // Zero window: probe with an old sequence number so the host answers with its window.
            _setup.Stats.CountProbe();
            SendFrame(Seq(_sndUna - 1), TcpFlags.Ack);
            _rto!.Arm(_rtoNanos);
            return;
        }

        _setup.Stats.CountTimeout();
        double inFlight = (_highestSent - _sndUna) / (double)_setup.Mss;
        _ssthresh = Math.Max(inFlight / 2, 2);
        _cwnd = 1;
        _inRecovery = false;
        _dupAcks = 0;
        _timedSeq = -1;
        // Go back to the first unacknowledged byte.
        _sndNxt = _sndUna;
        _rto!.Arm(_rtoNanos);
    }

    private bool WantsToSend()
    {
        if (_state != State.Established)
        {
            return false;
        }

        long limit = _sndUna + Math.Min((long)(_cwnd * _setup.Mss), _rwnd);
        return _sndNxt <= _streamBytes && (_sndNxt < limit || (_sndNxt == _streamBytes && _sndNxt < _sndUna + Math.Max(1, _rwnd)));
    }

    private void TrySend()
    {
        long now = Cpu.Clock.NowNanos;
        while (WantsToSend() && _linkFreeAt <= now)
        {
            long limit = _sndUna + Math.Min((long)(_cwnd * _setup.Mss), _rwnd);
            if (_sndNxt == _streamBytes)
            {
                SendFrame(Seq(_sndNxt), TcpFlags.Fin | TcpFlags.Ack);
                _sndNxt++;
            }
            else
            {
                int len = (int)Math.Min(Math.Min(_setup.Mss, _streamBytes - _sndNxt), Math.Max(0, limit - _sndNxt));
                if (len <= 0)
                {
                    break;
                }

                bool retransmit = _sndNxt < _highestSent;
                if (retransmit)
                {
                    _setup.Stats.CountRetransmit();
                }
                else if (_timedSeq < 0)
                {
                    _timedSeq = _sndNxt;
                    _timedAt = now;
                }

                SendData(_sndNxt, len);
                _sndNxt += len;
            }

            _highestSent = Math.Max(_highestSent, _sndNxt);
            if (!_rto!.IsArmed)
            {
                _rto.Arm(_rtoNanos);
            }
        }
    }

    private void Retransmit(long offset)
    {
        _setup.Stats.CountRetransmit();
        _timedSeq = -1;
        if (offset >= _streamBytes)
        {
            SendFrame(Seq(_streamBytes), TcpFlags.Fin | TcpFlags.Ack);
            return;
        }

        SendData(offset, (int)Math.Min(_setup.Mss, _streamBytes - offset));
    }

    private void SendSyn()
    {
        // MSS 1460, NOP, window scale 7: what Linux offers.
        ReadOnlySpan<byte> options = [2, 4, 0x05, 0xb4, 1, 3, 3, 7];
        var frame = _setup.Pool.Rent();
        frame.Length = FrameBuilder.WriteTcp(frame.Bytes, _spec, _isn, 0, (byte)TcpFlags.Syn, 65535, options, [], _ipId++);
        Depart(frame);
        _rto!.Arm(_rtoNanos);
    }

    private void SendData(long offset, int len)
    {
        var frame = _setup.Pool.Rent();
        var payload = frame.Bytes.AsSpan(FrameBuilder.EthHeaderLength + FrameBuilder.Ipv4HeaderLength + 20, len);
        TcpStreamPattern.Fill(_setup.Connection, offset, payload);
        frame.Length = FrameBuilder.WriteTcp(frame.Bytes, _spec, Seq(offset), 0, (byte)(TcpFlags.Ack | TcpFlags.Psh), 65535, [], payload, _ipId++);
        WriteAck(frame);
        Depart(frame);
    }

    // A segment without data: our ACK of the SYN-ACK, the FIN, a zero-window probe.
    private void SendFrame(uint seq, TcpFlags flags)
    {
        var frame = _setup.Pool.Rent();
        frame.Length = FrameBuilder.WriteTcp(frame.Bytes, _spec, seq, 0, (byte)flags, 65535, [], [], _ipId++);
        WriteAck(frame);
        Depart(frame);
    }

    // Every segment after the SYN acknowledges the host's SYN-ACK (ISS + 1); the checksum is redone.
    private void WriteAck(WireFrame frame)
    {
        var bytes = frame.Bytes.AsSpan(0, frame.Length);
        var tcp = bytes[(FrameBuilder.EthHeaderLength + FrameBuilder.Ipv4HeaderLength)..];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(tcp[8..], _hostIss + 1);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(tcp[16..], 0);
        uint sum = InetChecksum.PseudoHeader(_spec.SourceAddress, _spec.DestinationAddress, 6, tcp.Length);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(tcp[16..], InetChecksum.Fold(InetChecksum.Add(tcp, sum)));
    }

    // Onto the link at its rate, then lost, held back or delivered after the one-way delay.
    private void Depart(WireFrame frame)
    {
        long now = Cpu.Clock.NowNanos;
        long departure = Math.Max(now, _linkFreeAt);
        _linkFreeAt = departure + _setup.GapNanos;
        _setup.Stats.CountSegment();
        var wire = _setup.Wire;
        if (wire.LossPercent > 0 && _random.NextDouble() * 100 < wire.LossPercent)
        {
            _setup.Stats.CountLost();
            _setup.Pool.Return(frame);
            return;
        }

        // On the wire toward the host: the packet has entered the model (the wire counts it until the NIC takes it).
        _setup.Stack.Ledger.CountInjected();
        long arrival = departure + wire.DelayNanos;
        if (wire.ReorderPercent > 0 && _random.NextDouble() * 100 < wire.ReorderPercent)
        {
            _setup.Stats.CountReordered();
            arrival += wire.ReorderDelayNanos;
        }

        Schedule(arrival, new Pending(frame, default));
    }

    private void Schedule(long at, Pending p) => _pending.Enqueue(p, (at, _order++));

    private void Abort()
    {
        if (_state != State.Done)
        {
            _setup.Stats.CountAborted();
        }

        _state = State.Done;
        _rto!.Cancel();
    }

    private void RttSample(long rtt)
    {
        if (_srtt == 0)
        {
            _srtt = rtt;
            _rttvar = rtt / 2;
        }
        else
        {
            _rttvar = ((3 * _rttvar) + Math.Abs(_srtt - rtt)) / 4;
            _srtt = ((7 * _srtt) + rtt) / 8;
        }

        _rtoNanos = Math.Clamp(_srtt + Math.Max(4 * _rttvar, 1_000_000), MinRtoNanos, MaxRtoNanos);
    }

    private uint Seq(long offset) => _isn + 1 + (uint)offset;

    private long Unwrap(uint ack) => _sndUna + (int)(ack - Seq(_sndUna));

    private readonly record struct Pending(WireFrame? Frame, TcpOutSegment Segment);

    /// <summary>One connection's sender.</summary>
    public sealed record Setup(NetStack Stack, IFrameSink Device, WireFramePool Pool, UdpFrameSpec Spec, int Connection, long Bytes, int Mss, long GapNanos, WireOptions Wire, TcpPeerStats Stats)
    {
        /// <summary>Model time of the first SYN.</summary>
        public long StartNanos { get; init; }
    }
}
