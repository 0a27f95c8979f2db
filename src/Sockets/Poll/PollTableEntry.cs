namespace ActorStack.Sockets.Poll;

/// <summary>
/// One descriptor's entry of a select()/poll() call (poll_table_entry, callback pollwake): it stays on the socket's
/// queue until the call ends. A wakeup outside the requested events is ignored; a matching one marks the table
/// triggered and wakes the thread, which then rescans every descriptor it watches.
/// </summary>
public sealed class PollTableEntry : WaitEntry
{
    private readonly PollTable _table;

    /// <summary>An entry of <paramref name="table"/> asking for <paramref name="mask"/>.</summary>
    public PollTableEntry(PollTable table, PollEvents mask)
    {
        _table = table;
        Mask = mask;
    }

    /// <summary>The events asked for.</summary>
    public PollEvents Mask { get; }

    /// <inheritdoc />
    public override bool Wake(WaitQueue queue, PollEvents key)
    {
        if ((key & Mask) == 0)
        {
            return false;
        }

        // try_to_wake_up() of a thread that is already awake does nothing.
        return _table.Trigger();
    }
}

/// <summary>poll_wqueues: the entries of one thread's select()/poll() call and whether a wakeup came.</summary>
public sealed class PollTable
{
    private int _triggered;
    private volatile bool _sleeping;

    /// <summary>The sleeping thread.</summary>
    public ActorStack.Actors.ActorRef<AppMsg>? Thread { get; set; }

    /// <summary>
    /// True while the thread sleeps in the call. The thread sets it, then checks <see cref="Triggered"/> again, so a
    /// wakeup racing with the scan is never lost (set_current_state before the check, as do_select does).
    /// </summary>
    public bool Sleeping
    {
        get => _sleeping;
        set => _sleeping = value;
    }

    /// <summary>Resets for a new call.</summary>
    public void Reset() => Interlocked.Exchange(ref _triggered, 0);

    /// <summary>pollwake(): marks triggered and wakes the thread once.</summary>
    internal bool Trigger()
    {
        if (Interlocked.Exchange(ref _triggered, 1) != 0)
        {
            return false;
        }

        if (Sleeping && Thread is { } thread)
        {
            thread.Tell(AppMsg.Wakeup);
            return true;
        }

        return false;
    }

    /// <summary>True if a wakeup came since <see cref="Reset"/>.</summary>
    public bool Triggered => Volatile.Read(ref _triggered) != 0;
}
