namespace ActorStack.Sockets.Poll;

/// <summary>
/// One entry on a socket's wait queue (wait_queue_entry_t): a callback the waker calls with the event key. An
/// exclusive entry that returns true counts against the wakeup's nr_exclusive (kernel/sched/wait.c).
/// </summary>
public abstract class WaitEntry
{
    /// <summary>Added with add_wait_queue_exclusive (WQ_FLAG_EXCLUSIVE).</summary>
    public bool Exclusive { get; init; }

    /// <summary>The callback (pollwake, ep_poll_callback, receiver_wake_function ...). True if it woke something.</summary>
    public abstract bool Wake(WaitQueue queue, PollEvents key);
}
