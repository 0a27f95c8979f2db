using ActorStack.Engine;
using ActorStack.Nic;
using ActorStack.Protocols.Wire;
using ActorStack.Softirq;
using ActorStack.Sockets;

namespace ActorStack.Wire;

/// <summary>
/// The wire toward the host: peers sending UDP datagrams round-robin over their flows, in trains of
/// <see cref="Setup.TrainLength"/> frames leaving at a constant rate or as Poisson arrivals (model time). Each tick
/// sends every frame that is due (at most a batch per turn), then arms its timer for the next train.
/// A sender on this host (loopback, veth) runs as a task on its CPU instead: each datagram costs udp_sendmsg there and
/// is its own turn, so the receive softirq its xmit raised runs before the next send, as local_bh_enable() makes it.
/// </summary>
public sealed class UdpTrafficSource : Actor<UdpTrafficSource.Msg>
{
    private const int WireBatchPerTurn = 256;
    private readonly Setup _setup;
    private readonly long[] _sequence;
    private ActorTimer<Msg>? _timer;
    private long _sent;
    private long _nextTrainAt;
    private int _inTrain;
    private long _trains;
    private long _pacedSoFar;
    private readonly Random _random;

    // Its own stream, so that corrupting frames does not change when they are sent.
    private readonly Random _mutations;
    // IP IDs count per flow, as Linux's per-destination ident generator makes them: GRO wants +1 per segment.
    private readonly ushort[] _ipIds;

    private UdpTrafficSource(Setup setup)
    {
        _setup = setup;
        _sequence = new long[setup.Flows.Count];
        _ipIds = new ushort[setup.Flows.Count];
        _random = new Random(setup.Seed);
        _mutations = new Random(Seeds.Derive(setup.Seed, 0, 0x6d757461));
    }

    /// <summary>Messages: start, or a tick.</summary>
    public enum Msg
    {
        Start,
        Tick,
    }

    /// <summary>Recipe.</summary>
    public static Props<Msg> Props(Setup setup) => new(() => new UdpTrafficSource(setup))
    {
        // The wire cannot be restarted halfway: a fault stops it, and the run reports what was sent.
        Supervisor = Supervision.Stop,
    };

    /// <inheritdoc />
    protected override void Receive(Msg message)
    {
        if (message == Msg.Start)
        {
            _nextTrainAt = Cpu.Clock.NowNanos;
            _timer = Cpu.CreateTimer(Self, Msg.Tick);
        }

        SendDue();
    }

    private void SendDue()
    {
        long total = _setup.Packets;
        long now = Cpu.Clock.NowNanos;
        int batch = 0;
        // Send every train whose departure time has come (at most a batch per turn, so other actors get turns).
        int batchPerTurn = _setup.LocalSender ? 1 : WireBatchPerTurn;
        while (_sent < total && batch < batchPerTurn)
        {
            if (_inTrain == 0)
            {
                if (_nextTrainAt > now)
                {
                    break;
                }

                _inTrain = _setup.TrainLength;
                _nextTrainAt += NextGap();
            }

            SendOne();
            _inTrain--;
            batch++;
        }

        if (_sent >= total)
        {
            _setup.Finished.TrySetResult(_sent);
            return;
        }

        if (_inTrain > 0 || _nextTrainAt <= now)
        {
            // More is due: yield the dispatcher and continue right away.
            Self.Tell(Msg.Tick);
            return;
        }

        _timer!.Arm(_nextTrainAt - now);
    }

    // Time to the next train: constant pacing (exact on average, integer ns carried over), or exponential gaps
    // (Poisson arrivals) drawn from the run's seed.
    private long NextGap()
    {
        double mean = _setup.TrainLength * 1e9 / _setup.RatePps;
        if (_setup.Pattern == TrafficPattern.Poisson)
        {
            return Math.Max(1, (long)Math.Round(-Math.Log(1 - _random.NextDouble()) * mean));
        }

        _trains++;
        long at = (long)Math.Ceiling(_trains * mean);
        long gap = at - _pacedSoFar;
        _pacedSoFar = at;
        return gap;
    }

    private void SendOne()
    {
        int flowIndex = (int)(_sent % _setup.Flows.Count);
        var flow = _setup.Flows[flowIndex];
        var frame = _setup.Wire.Rent();
        var bytes = frame.Bytes.AsSpan();
        int size = _setup.PayloadSizes[(int)(_sent % _setup.PayloadSizes.Count)];
        var payload = bytes.Slice(FrameBuilder.HeadersLength, size);
        if (size >= FlowPayload.HeaderLength)
        {
            FlowPayload.Write(payload, flowIndex, _sequence[flowIndex]++);
        }
        else
        {
            // Too short for flow and sequence (0..11 bytes): zeros, as a test sender would write.
            payload.Clear();
        }

        frame.Length = FrameBuilder.WriteUdp(bytes, flow, size, _ipIds[flowIndex]++);
        if (_setup.MalformedShare > 0 && _mutations.NextDouble() < _setup.MalformedShare)
        {
            frame.Length = FrameMutator.Mutate(bytes, frame.Length, _mutations);
        }
        if (_setup.LocalSender)
        {
            // sendto() → udp_sendmsg() → ip_output → dev_queue_xmit on the sending CPU (%sys).
            Cpu.Spend(_setup.SendCostNanos);
        }

        frame.SentNanos = Cpu.Clock.NowNanos;
        _sent++;
        _setup.Stack.Ledger.CountInjected();
        _setup.Device.Transmit(frame, _setup.LocalSender ? Cpu : null);
        if (_sent == _setup.MarkAt)
        {
            _setup.OnMark?.Invoke();
        }
    }

    /// <summary>What the source sends, and to whom.</summary>
    public sealed record Setup(
        NetStack Stack,
        IFrameSink Device,
        WireFramePool Wire,
        IReadOnlyList<UdpFrameSpec> Flows,
        long Packets,
        IReadOnlyList<int> PayloadSizes,
        long RatePps,
        int TrainLength = 1,
        TrafficPattern Pattern = TrafficPattern.Constant,
        int Seed = 1)
    {
        /// <summary>
        /// udp_sendmsg's cost on the sending CPU when the sender is a task on this host (loopback, veth); 0 for peers
        /// across the wire, which cost the host nothing.
        /// </summary>
        public long SendCostNanos { get; init; }

        /// <summary>The sender is a task on this host: its frames go to a software device's xmit on its CPU.</summary>
        public bool LocalSender => Device is Nic.Drivers.LocalXmit;

        /// <summary>traffic.malformed: the share of frames corrupted on the wire (see <see cref="FrameMutator"/>).</summary>
        public double MalformedShare { get; init; }

        /// <summary>Sent count at which <see cref="OnMark"/> runs (benchmarks measure from there).</summary>
        public long MarkAt { get; init; } = -1;

        /// <summary>Runs once when <see cref="MarkAt"/> datagrams have been sent.</summary>
        public Action? OnMark { get; init; }

        /// <summary>Completes with the number sent once the last datagram is on the wire.</summary>
        public TaskCompletionSource<long> Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
