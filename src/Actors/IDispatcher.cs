namespace ActorStack.Actors;

/// <summary>Runs mailboxes. The same actors run unchanged on any dispatcher.</summary>
internal interface IDispatcher
{
    /// <summary>Default messages per turn.</summary>
    int Throughput { get; }

    /// <summary>Makes a mailbox runnable. Called at most once until the mailbox's turn starts.</summary>
    void Schedule(IRunnable runnable);

    /// <summary>The running actor keeps its CPU busy for <paramref name="nanos"/> (see <see cref="IActorContext.Spend"/>).</summary>
    void Spend(IRunnable running, long nanos);

    /// <summary>True when work of a higher scheduling level than <paramref name="running"/>'s waits on its CPU: end the turn.</summary>
    bool ShouldYield(IRunnable running);

    /// <summary>need_resched(): a thread is runnable on <paramref name="cpu"/> and waiting for it.</summary>
    bool NeedResched(int cpu);
}
