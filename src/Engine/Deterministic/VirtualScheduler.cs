using Akka.Configuration;
using Akka.Event;

namespace ActorStack.Engine.Deterministic;

/// <summary>
/// akka.scheduler.implementation in deterministic mode: timers armed on the driver thread (simulated actors, the test
/// or console driving the model) fire when the engine's virtual clock reaches them, in arming order. Calls from any
/// other thread (Akka's own system actors on the thread pool) run in wall-clock time, so Akka's infrastructure keeps
/// working and never steers the model.
/// </summary>
public sealed class VirtualScheduler : SchedulerBase, IDisposable
{
    private readonly SimEngine _engine;

    /// <summary>Called by Akka with the system's whole config.</summary>
    public VirtualScheduler(Config config, ILoggingAdapter log)
    {
        _engine = Simulation.Of(config).Engine ?? throw new ConfigurationException("VirtualScheduler needs a deterministic simulation.");
    }

    /// <inheritdoc />
    public override long NowNanos => _engine.Clock.NowNanos;

    /// <inheritdoc />
    internal override ITimerQueue Timers => _engine;

    /// <inheritdoc />
    public void Dispose() => _engine.Close();

    private protected override void Arm(TimeSpan delay, SchedulerTimer timer)
    {
        long nanos = DelayNanos(delay);
        if (_engine.IsClosed || !_engine.OnDriverThread)
        {
            WallClockTimer.Start(delay, timer);
            return;
        }

        _engine.Arm(timer, 0, _engine.Clock.NowNanos + nanos);
    }
}
