using ActorStack.Engine;

namespace ActorStack.Sockets.Poll;

/// <summary>
/// One thread's select()/poll() state (struct poll_wqueues): a pollwake entry per watched descriptor, hooked on the
/// first scan of a call and unhooked when the call returns, and the <c>triggered</c> flag that closes the race
/// between the thread deciding to sleep and a wakeup arriving. Safe to use from the thread and from wakers on other
/// CPUs at once.
/// </summary>
/// <remarks>Kernel: fs/select.c poll_initwait(), poll_freewait(), poll_schedule_timeout().</remarks>
public sealed class PollWaiter
{
    private const int Running = 0;
    private const int Sleeping = 1;

    private readonly PollWaitEntry[] _entries;
    private int _state;
    private int _triggered;

    /// <summary>A waiter for a thread watching <paramref name="descriptors"/> descriptors for <paramref name="mask"/>.</summary>
    public PollWaiter(int descriptors, PollEvents mask)
    {
        _entries = new PollWaitEntry[descriptors];
        for (int i = 0; i < descriptors; i++)
        {
            _entries[i] = new PollWaitEntry(this, mask);
        }
    }

    /// <summary>The thread to wake.</summary>
    public ITell<Wakeup>? Thread { get; set; }

    /// <summary>Wakeups that found the thread asleep and woke it.</summary>
    public long Woken => Interlocked.Read(ref _woken);

    private long _woken;

    /// <summary>__pollwait(): hooks descriptor <paramref name="index"/>'s entry on <paramref name="queue"/>.</summary>
    public void Hook(int index, WaitQueue queue)
    {
        ArgumentNullException.ThrowIfNull(queue);
        var entry = _entries[index];
        if (entry.Queue is not null)
        {
            throw new InvalidOperationException($"descriptor {index} is already hooked; poll_freewait() was not called.");
        }

        entry.Queue = queue;
        queue.Add(entry);
    }

    /// <summary>poll_freewait(): unhooks every entry hooked in this call. Returns how many were hooked.</summary>
    public int FreeWait()
    {
        int hooked = 0;
        foreach (var entry in _entries)
        {
            if (entry.Queue is { } queue)
            {
                queue.Remove(entry);
                entry.Queue = null;
                hooked++;
            }
        }

        return hooked;
    }

    /// <summary>
    /// poll_schedule_timeout(): the thread found nothing ready. False if a wakeup already came during the scan (the
    /// thread rescans at once); true if it now sleeps, and exactly one <see cref="Wakeup"/> will follow.
    /// </summary>
    public bool TrySleep()
    {
        if (Interlocked.Exchange(ref _triggered, 0) == 1)
        {
            return false;
        }

        Interlocked.Exchange(ref _state, Sleeping);
        // A waker that set triggered before seeing Sleeping did not wake us: check again (full fences on both sides).
        if (Volatile.Read(ref _triggered) == 1 && Interlocked.CompareExchange(ref _state, Running, Sleeping) == Sleeping)
        {
            Interlocked.Exchange(ref _triggered, 0);
            return false;
        }

        return true;
    }

    /// <summary>The thread is running again after its wakeup: clears triggered (smp_store_mb(pwq-&gt;triggered, 0)).</summary>
    public void Awake() => Interlocked.Exchange(ref _triggered, 0);

    /// <summary>__pollwake(): marks the call triggered and wakes the thread if it sleeps. True if it woke it.</summary>
    internal bool Trigger()
    {
        Interlocked.Exchange(ref _triggered, 1);
        if (Interlocked.CompareExchange(ref _state, Running, Sleeping) != Sleeping)
        {
            return false;
        }

        Interlocked.Increment(ref _woken);
        Thread?.Tell(Wakeup.Instance);
        return true;
    }
}
