using Akka.Actor;

namespace ActorStack.Engine;

/// <summary>One timer armed through Akka's IScheduler API: a Tell or an action, once or repeatedly, cancellable.</summary>
internal sealed class SchedulerTimer : ITimerTarget
{
    private readonly SchedulerBase _owner;
    private readonly ICanTell? _receiver;
    private readonly object? _message;
    private readonly IActorRef? _sender;
    private readonly Action? _action;
    private readonly ICancelable? _cancelable;
    private readonly long _intervalNanos;

    private SchedulerTimer(SchedulerBase owner, long intervalNanos, ICanTell? receiver, object? message, IActorRef? sender, Action? action, ICancelable? cancelable)
    {
        _owner = owner;
        _intervalNanos = intervalNanos;
        _receiver = receiver;
        _message = message;
        _sender = sender;
        _action = action;
        _cancelable = cancelable;
    }

    public static SchedulerTimer ForTell(SchedulerBase owner, TimeSpan interval, ICanTell receiver, object message, IActorRef? sender, ICancelable? cancelable) =>
        new(owner, interval.Ticks * 100, receiver, message, sender, null, cancelable);

    public static SchedulerTimer ForAction(SchedulerBase owner, TimeSpan interval, Action action, ICancelable? cancelable) =>
        new(owner, interval.Ticks * 100, null, null, null, action, cancelable);

    public void Fire(long generation)
    {
        if (_cancelable is { IsCancellationRequested: true })
        {
            return;
        }

        if (_action is not null)
        {
            _action();
        }
        else
        {
            _receiver!.Tell(_message!, _sender ?? ActorRefs.NoSender);
        }

        if (_intervalNanos > 0 && _cancelable is not { IsCancellationRequested: true })
        {
            _owner.Rearm(TimeSpan.FromTicks(_intervalNanos / 100), this);
        }
    }
}

