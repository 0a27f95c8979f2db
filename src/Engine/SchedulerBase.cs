using Akka.Actor;
using Akka.Dispatch;

namespace ActorStack.Engine;

/// <summary>
/// Akka's IScheduler on the model's timer queue (akka.scheduler.implementation): Akka's timers (ScheduleTellOnce,
/// IWithTimers, ...) and the model's own hrtimer-like <see cref="ActorTimer{T}"/> fire from the same queue, on the
/// same clock. Deliberately not an IDateTimeOffsetNowTimeProvider: Akka then cancels through this scheduler, not the
/// wall clock.
/// </summary>
public abstract class SchedulerBase : IScheduler, IAdvancedScheduler
{
    /// <summary>Model time 0 on the calendar (fixed, so logs of the same seed are identical).</summary>
    public static readonly DateTimeOffset Epoch = VirtualClock.Epoch;

    /// <inheritdoc />
    public DateTimeOffset Now => Epoch.AddTicks(NowNanos / 100);

    /// <inheritdoc />
    public TimeSpan MonotonicClock => TimeSpan.FromTicks(NowNanos / 100);

    /// <inheritdoc />
    public TimeSpan HighResMonotonicClock => TimeSpan.FromTicks(NowNanos / 100);

    /// <inheritdoc />
    public IAdvancedScheduler Advanced => this;

    /// <summary>Model nanoseconds now.</summary>
    public abstract long NowNanos { get; }

    /// <summary>The queue the model's timers arm on.</summary>
    internal abstract ITimerQueue Timers { get; }

    /// <inheritdoc />
    public void ScheduleTellOnce(TimeSpan delay, ICanTell receiver, object message, IActorRef sender) =>
        Arm(delay, SchedulerTimer.ForTell(this, TimeSpan.Zero, receiver, message, sender, null));

    /// <inheritdoc />
    public void ScheduleTellOnce(TimeSpan delay, ICanTell receiver, object message, IActorRef sender, ICancelable cancelable) =>
        Arm(delay, SchedulerTimer.ForTell(this, TimeSpan.Zero, receiver, message, sender, cancelable));

    /// <inheritdoc />
    public void ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message, IActorRef sender) =>
        Arm(initialDelay, SchedulerTimer.ForTell(this, Positive(interval), receiver, message, sender, null));

    /// <inheritdoc />
    public void ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message, IActorRef sender, ICancelable cancelable) =>
        Arm(initialDelay, SchedulerTimer.ForTell(this, Positive(interval), receiver, message, sender, cancelable));

    /// <inheritdoc />
    public void ScheduleOnce(TimeSpan delay, Action action, ICancelable cancelable) =>
        Arm(delay, SchedulerTimer.ForAction(this, TimeSpan.Zero, action, cancelable));

    /// <inheritdoc />
    public void ScheduleOnce(TimeSpan delay, Action action) => Arm(delay, SchedulerTimer.ForAction(this, TimeSpan.Zero, action, null));

    /// <inheritdoc />
    public void ScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Action action, ICancelable cancelable) =>
        Arm(initialDelay, SchedulerTimer.ForAction(this, Positive(interval), action, cancelable));

    /// <inheritdoc />
    public void ScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Action action) =>
        Arm(initialDelay, SchedulerTimer.ForAction(this, Positive(interval), action, null));

    /// <inheritdoc />
    public void ScheduleOnce(TimeSpan delay, IRunnable action, ICancelable cancelable) => ScheduleOnce(delay, action.Run, cancelable);

    /// <inheritdoc />
    public void ScheduleOnce(TimeSpan delay, IRunnable action) => ScheduleOnce(delay, action.Run);

    /// <inheritdoc />
    public void ScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, IRunnable action, ICancelable cancelable) =>
        ScheduleRepeatedly(initialDelay, interval, action.Run, cancelable);

    /// <inheritdoc />
    public void ScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, IRunnable action) =>
        ScheduleRepeatedly(initialDelay, interval, action.Run);

    /// <summary>A repeating timer arms its next expiry.</summary>
    internal void Rearm(TimeSpan interval, SchedulerTimer timer) => Arm(interval, timer);

    /// <summary>Arms an Akka timer.</summary>
    private protected abstract void Arm(TimeSpan delay, SchedulerTimer timer);

    private static TimeSpan Positive(TimeSpan interval) =>
        interval > TimeSpan.Zero ? interval : throw new ArgumentOutOfRangeException(nameof(interval), interval, "A repeating timer needs an interval > 0.");

    private protected static long DelayNanos(TimeSpan delay) =>
        delay >= TimeSpan.Zero ? delay.Ticks * 100 : throw new ArgumentOutOfRangeException(nameof(delay), delay, "Delay must be >= 0.");
}
