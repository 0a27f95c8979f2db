namespace ActorStack.Sockets.Poll;

/// <summary>
/// The entry poll_wait() puts on each watched socket's wait queue during select()/poll() (pollwake): not exclusive,
/// not removed when it fires (poll_freewait removes them all when the call returns), and deaf to keys outside the
/// events the caller asked for. Firing only marks the call triggered and wakes the thread if it sleeps; the thread
/// then rescans every descriptor, because the entry does not say which one fired.
/// </summary>
/// <remarks>Kernel: fs/select.c pollwake(), __pollwake(), __pollwait().</remarks>
public sealed class PollWaitEntry : WaitEntry
{
    private readonly PollWaiter _owner;

    internal PollWaitEntry(PollWaiter owner, PollEvents mask)
    {
        _owner = owner;
        Mask = mask;
    }

    /// <summary>The events asked for (entry-&gt;key).</summary>
    public PollEvents Mask { get; }

    /// <summary>The queue the entry is on (null when not armed).</summary>
    internal WaitQueue? Queue { get; set; }

    /// <inheritdoc />
    public override bool Wake(WaitQueue queue, PollEvents key)
    {
        if (key != PollEvents.None && (key & Mask) == 0)
        {
            return false;
        }

        return _owner.Trigger();
    }
}
