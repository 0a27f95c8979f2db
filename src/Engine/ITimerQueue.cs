namespace ActorStack.Engine;

/// <summary>Fires armed timers at their due time on the system's clock.</summary>
internal interface ITimerQueue
{
    /// <summary>Arms <paramref name="timer"/> (generation <paramref name="generation"/>) to fire at <paramref name="dueNanos"/>.</summary>
    void Arm(ITimerTarget timer, long generation, long dueNanos);
}

/// <summary>Something a timer queue can fire.</summary>
internal interface ITimerTarget
{
    /// <summary>Fires if <paramref name="generation"/> is still the armed one; stale entries are ignored.</summary>
    void Fire(long generation);
}
