namespace ActorStack.Actors;

/// <summary>Runs mailboxes. The same actors run unchanged on any dispatcher.</summary>
internal interface IDispatcher
{
    /// <summary>Default messages per turn.</summary>
    int Throughput { get; }

    /// <summary>Makes a mailbox runnable. Called at most once until the mailbox's turn starts.</summary>
    void Schedule(IRunnable runnable);
}
