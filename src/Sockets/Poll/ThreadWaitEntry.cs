namespace ActorStack.Sockets.Poll;

/// <summary>
/// A thread blocked in recv() or accept() (autoremove_wake_function and its kin): the first matching wakeup removes the
/// entry and wakes the thread. UDP receive and accept wait exclusively (one thread per event); TCP's sk_wait_data does
/// not, so every blocked TCP reader wakes.
/// </summary>
public sealed class ThreadWaitEntry : WaitEntry
{
    /// <summary>The thread to wake (where it sleeps now).</summary>
    public ActorStack.Engine.ITell<Wakeup>? Thread { get; set; }

    /// <summary>Keys that wake it (receiver_wake_function: EPOLLIN and EPOLLERR only); a wakeup without a key wakes it always.</summary>
    public PollEvents Mask { get; init; } = PollEvents.In | PollEvents.Err;

    /// <inheritdoc />
    public override bool Wake(WaitQueue queue, PollEvents key)
    {
        ArgumentNullException.ThrowIfNull(queue);
        if ((key != PollEvents.None && (key & Mask) == 0) || Thread is not { } thread || !queue.Remove(this))
        {
            return false;
        }

        thread.Tell(Wakeup.Instance);
        return true;
    }
}
