using ActorStack.Actors;
using ActorStack.Nic;
using ActorStack.Protocols.Wire;
using ActorStack.Softirq;
using ActorStack.Sockets;

namespace ActorStack.Host;

/// <summary>
/// The wire toward the host: a peer sending UDP datagrams round-robin over its flows at a constant rate of model time.
/// Each tick sends every datagram that is due (at most a batch per turn), then arms its timer for the next one.
/// </summary>
public sealed class UdpTrafficSource : Actor<UdpTrafficSource.Msg>
{
    private const int BatchPerTurn = 256;
    private readonly Setup _setup;
    private readonly long[] _sequence;
    private ActorTimer<Msg>? _timer;
    private long _sent;
    private long _startNanos;
    // IP IDs count per flow, as Linux's per-destination ident generator makes them: GRO wants +1 per segment.
    private readonly ushort[] _ipIds;

    private UdpTrafficSource(Setup setup)
    {
        _setup = setup;
        _sequence = new long[setup.Flows.Count];
        _ipIds = new ushort[setup.Flows.Count];
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
        Supervisor = SupervisorStrategy.Stop,
    };

    /// <inheritdoc />
    protected override void Receive(Msg message)
    {
        if (message == Msg.Start)
        {
            _startNanos = Context.Clock.NowNanos;
            _timer = Context.CreateTimer(Self, Msg.Tick);
        }

        SendDue();
    }

    private void SendDue()
    {
        long total = _setup.Packets;
        long now = Context.Clock.NowNanos;
        // Trains of Burst frames leave every Burst/rate seconds; the first at time 0.
        long burst = _setup.Burst;
        long trains = ((now - _startNanos) * _setup.RatePps / (1_000_000_000L * burst)) + 1;
        long due = Math.Min(total, trains * burst);
        int batch = 0;
        while (_sent < due && batch < BatchPerTurn)
        {
            SendOne();
            batch++;
        }

        if (_sent >= total)
        {
            _setup.Finished.TrySetResult(_sent);
            return;
        }

        if (_sent < due)
        {
            // More is due: yield the dispatcher and continue right away.
            Self.Tell(Msg.Tick);
            return;
        }

        // Rounded up, so that at nextAt the train really counts as due (rounding down could re-arm at the same instant forever).
        long trainNanos = (_sent / burst) * burst * 1_000_000_000L;
        long nextAt = _startNanos + ((trainNanos + _setup.RatePps - 1) / _setup.RatePps);
        _timer!.Arm(Math.Max(0, nextAt - now));
    }

    private void SendOne()
    {
        int flowIndex = (int)(_sent % _setup.Flows.Count);
        var flow = _setup.Flows[flowIndex];
        var frame = _setup.Wire.Rent();
        var bytes = frame.Bytes.AsSpan();
        var payload = bytes.Slice(FrameBuilder.HeadersLength, _setup.PayloadSize);
        FlowPayload.Write(payload, flowIndex, _sequence[flowIndex]++);
        frame.Length = FrameBuilder.WriteUdp(bytes, flow, _setup.PayloadSize, _ipIds[flowIndex]++);
        frame.SentNanos = Context.Clock.NowNanos;
        _sent++;
        _setup.Stack.Ledger.CountInjected();
        _setup.Device.Receive(frame);
        if (_sent == _setup.MarkAt)
        {
            _setup.OnMark?.Invoke();
        }
    }

    /// <summary>What the source sends, and to whom.</summary>
    public sealed record Setup(
        NetStack Stack,
        NetDevice Device,
        WireFramePool Wire,
        IReadOnlyList<UdpFrameSpec> Flows,
        long Packets,
        int PayloadSize,
        long RatePps,
        int Burst = 1)
    {
        /// <summary>Sent count at which <see cref="OnMark"/> runs (benchmarks measure from there).</summary>
        public long MarkAt { get; init; } = -1;

        /// <summary>Runs once when <see cref="MarkAt"/> datagrams have been sent.</summary>
        public Action? OnMark { get; init; }

        /// <summary>Completes with the number sent once the last datagram is on the wire.</summary>
        public TaskCompletionSource<long> Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
