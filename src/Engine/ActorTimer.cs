namespace ActorStack.Engine;

/// <summary>
/// A reusable one-shot timer owned by an actor, like an hrtimer embedded in a kernel structure:
/// arming again replaces the previous expiry; cancelling makes a pending expiry a no-op.
/// </summary>
public sealed class ActorTimer<T> : ITimerTarget
{
    private readonly Simulation _system;
    private readonly ActorRef<T> _target;
    private readonly T _message;
    private long _generation;
    private bool _armed;
    private readonly object _gate = new();

    internal ActorTimer(Simulation system, ActorRef<T> target, T message)
    {
        if (message is IRecycledMessage)
        {
            throw new ArgumentException($"A timer sends its message every time it fires; {message.GetType().Name} is recycled after one delivery. Give the timer a message that is not recycled.", nameof(message));
        }

        _system = system;
        _target = target;
        _message = message;
    }

    /// <summary>True while an expiry is pending.</summary>
    public bool IsArmed
    {
        get
        {
            lock (_gate)
            {
                return _armed;
            }
        }
    }

    /// <summary>Arms the timer to fire after <paramref name="delayNanos"/> (replacing any pending expiry).</summary>
    public void Arm(long delayNanos)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(delayNanos);
        long generation;
        // The lock is per timer and taken only when arming or firing, never per packet.
        lock (_gate)
        {
            if (!_armed)
            {
                _system.TimerArmed();
            }

            _armed = true;
            generation = ++_generation;
        }

        _system.Timers.Arm(this, generation, _system.Clock.NowNanos + delayNanos);
    }

    /// <summary>Cancels a pending expiry, if any.</summary>
    public void Cancel()
    {
        lock (_gate)
        {
            if (_armed)
            {
                _armed = false;
                _generation++;
                _system.TimerDisarmed();
            }
        }
    }

    void ITimerTarget.Fire(long generation)
    {
        lock (_gate)
        {
            if (!_armed || generation != _generation)
            {
                return;
            }

            _armed = false;
        }

        // Tell first so the system never looks quiet between the timer and its message.
        _target.Tell(_message);
        _system.TimerDisarmed();
    }
}
