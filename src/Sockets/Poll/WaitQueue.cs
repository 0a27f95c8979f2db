namespace ActorStack.Sockets.Poll;

/// <summary>
/// A socket's wait queue (sk_wq): threads blocked in recv or accept, select/poll's pollwake entries and epoll items wait here, and
/// sock_def_readable() calls them. Like the kernel's wait_queue_head it has its own lock, because the waker
/// (softirq delivering into the socket) and the waiters (application threads adding and removing entries) run
/// concurrently; the lock is taken only when someone waits (wq_has_sleeper is checked first, lock-free).
/// </summary>
public sealed class WaitQueue
{
    private readonly List<WaitEntry> _entries = new();
    private readonly Lock _lock = new();
    private WaitEntry[] _snapshot = new WaitEntry[8];
    private volatile int _count;

    /// <summary>Entries waiting now.</summary>
    public int Count => _count;

    /// <summary>add_wait_queue() (non-exclusive, at the head) or add_wait_queue_exclusive() (at the tail).</summary>
    public void Add(WaitEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_lock)
        {
            if (entry.Exclusive)
            {
                _entries.Add(entry);
            }
            else
            {
                _entries.Insert(0, entry);
            }

            _count = _entries.Count;
        }

        // Pairs with the barrier in WakeUp: a waiter that hooked itself and then checks readiness, and a waker that
        // published readiness and then checks for waiters, cannot both miss (wq_has_sleeper's smp_mb).
        Interlocked.MemoryBarrier();
    }

    /// <summary>remove_wait_queue(); false if the entry was not on the queue (already auto-removed).</summary>
    public bool Remove(WaitEntry entry)
    {
        lock (_lock)
        {
            bool removed = _entries.Remove(entry);
            _count = _entries.Count;
            return removed;
        }
    }

    /// <summary>
    /// __wake_up_common(): calls every entry in order, stopping after <paramref name="nrExclusive"/> exclusive
    /// entries whose callback returned true. Returns the number of callbacks that woke something.
    /// </summary>
    public int WakeUp(PollEvents key, int nrExclusive = 1)
    {
        Interlocked.MemoryBarrier();
        if (_count == 0)
        {
            return 0;
        }

        // Like the kernel, the callbacks run under the queue's lock: two CPUs waking the same queue (an epoll
        // instance fed by sockets on different CPUs, a listener) take turns, and the shared snapshot stays theirs.
        // Callbacks that remove their own entry (autoremove) re-enter the lock on this thread, hence the copy.
        int woken = 0;
        lock (_lock)
        {
            int n = _entries.Count;
            if (_snapshot.Length < n)
            {
                _snapshot = new WaitEntry[n * 2];
            }

            _entries.CopyTo(_snapshot);
            for (int i = 0; i < n; i++)
            {
                var entry = _snapshot[i];
                _snapshot[i] = null!;
                if (entry.Wake(this, key))
                {
                    woken++;
                    if (entry.Exclusive && --nrExclusive == 0)
                    {
                        Array.Clear(_snapshot, i + 1, n - i - 1);
                        break;
                    }
                }
            }
        }

        return woken;
    }
}
