namespace ActorStack.Sockets.Poll;

/// <summary>
/// An epoll instance (struct eventpoll): its items, the ready list that wakeups fill, and its own wait queue where
/// epoll_wait() sleepers wait exclusively. ep_poll_callback runs in the waker's context (softirq on any CPU) while
/// the owning thread adds items and harvests events, so the ready list is guarded by one lock (ep-&gt;lock; the
/// kernel's ovflist detour during a harvest ends in the same place: the item back on the ready list).
/// </summary>
/// <remarks>Kernel: fs/eventpoll.c ep_insert(), ep_modify(), ep_poll(), ep_send_events(), ep_poll_callback().</remarks>
public sealed class EpollInstance
{
    private readonly Lock _lock = new();
    private readonly LinkedList<EpItem> _ready = new();
    private long _wakeups;

    /// <summary>ep-&gt;wq: threads sleeping in epoll_wait().</summary>
    public WaitQueue Wait { get; } = new();

    /// <summary>Callbacks that woke a thread sleeping in epoll_wait().</summary>
    public long Wakeups => Interlocked.Read(ref _wakeups);

    /// <summary>Items on the ready list now.</summary>
    public int ReadyCount
    {
        get
        {
            lock (_lock)
            {
                return _ready.Count;
            }
        }
    }

    /// <summary>
    /// EPOLL_CTL_ADD: watches <paramref name="file"/> for <paramref name="events"/> (with EPOLLET, EPOLLONESHOT,
    /// EPOLLEXCLUSIVE as flags). Hooks the item's entry on the file's wait queue, then polls it once: already ready
    /// means on the ready list now.
    /// </summary>
    public EpItem Add(IPollable file, int fd, PollEvents events)
    {
        ArgumentNullException.ThrowIfNull(file);
        if ((events & PollEvents.EpollExclusive) != 0 && (events & PollEvents.EpollOneShot) != 0)
        {
            throw new ArgumentException("EPOLLEXCLUSIVE cannot be combined with EPOLLONESHOT (EINVAL).", nameof(events));
        }

        var item = new EpItem(this, file, fd, events);
        file.Wait.Add(item.Entry);
        ReadyIfPolled(item);
        return item;
    }

    /// <summary>EPOLL_CTL_MOD: new events (re-arms an EPOLLONESHOT item); ready now means on the ready list now.</summary>
    public void Modify(EpItem item, PollEvents events)
    {
        ArgumentNullException.ThrowIfNull(item);
        if ((item.Events & PollEvents.EpollExclusive) != 0 || (events & PollEvents.EpollExclusive) != 0)
        {
            throw new ArgumentException("EPOLL_CTL_MOD on or to an EPOLLEXCLUSIVE item is EINVAL.", nameof(events));
        }

        lock (_lock)
        {
            item.Events = events;
        }

        ReadyIfPolled(item);
    }

    /// <summary>EPOLL_CTL_DEL: unhooks the item and takes it off the ready list.</summary>
    public void Remove(EpItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        item.File.Wait.Remove(item.Entry);
        lock (_lock)
        {
            Unlink(item);
        }
    }

    /// <summary>
    /// ep_send_events(): takes items off the ready list, asks each file what is ready now (-&gt;poll, no rescan of
    /// anything else), reports those with a requested event, and puts level-triggered ones back at the tail.
    /// Returns the number of events written; <paramref name="examined"/> is how many items were polled (the cost).
    /// </summary>
    public int SendEvents(Span<EpollEvent> events, out int examined)
    {
        int reported = 0;
        examined = 0;
        lock (_lock)
        {
            // Only the items on the list when the harvest starts: an LT item put back is not polled twice.
            int pending = _ready.Count;
            while (pending-- > 0 && reported < events.Length)
            {
                var item = _ready.First!.Value;
                Unlink(item);
                examined++;
                var revents = item.File.Poll() & item.Events & ~PollEvents.EpollPrivate;
                if (revents == PollEvents.None)
                {
                    continue;
                }

                events[reported++] = new EpollEvent(item.Fd, revents);
                if ((item.Events & PollEvents.EpollOneShot) != 0)
                {
                    item.Events &= PollEvents.EpollPrivate;
                }
                else if ((item.Events & PollEvents.EpollEt) == 0)
                {
                    Link(item);
                }
            }
        }

        return reported;
    }

    /// <summary>
    /// ep_poll() about to sleep: under the ep lock, adds <paramref name="entry"/> (exclusive) to the instance's wait
    /// queue unless events arrived meanwhile. False means harvest again instead of sleeping.
    /// </summary>
    public bool PrepareToSleep(WaitEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!entry.Exclusive)
        {
            throw new ArgumentException("epoll_wait() sleepers wait exclusively (__add_wait_queue_exclusive).", nameof(entry));
        }

        lock (_lock)
        {
            if (_ready.Count > 0)
            {
                return false;
            }

            Wait.Add(entry);
            return true;
        }
    }

    // ep_poll_callback(): runs in the waker's context.
    internal bool Callback(EpItem item, PollEvents key)
    {
        bool waiters;
        lock (_lock)
        {
            var events = item.Events;
            if ((events & ~PollEvents.EpollPrivate) == 0)
            {
                // A disarmed EPOLLONESHOT item.
                return false;
            }

            if (key != PollEvents.None && (key & events) == 0)
            {
                return false;
            }

            Link(item);
            waiters = Wait.Count > 0;
        }

        bool woke = false;
        if (waiters)
        {
            woke = Wait.WakeUp(key) > 0;
            if (woke)
            {
                Interlocked.Increment(ref _wakeups);
            }
        }

        if ((item.Events & PollEvents.EpollExclusive) == 0)
        {
            return true;
        }

        // EPOLLEXCLUSIVE: counts as "woken" (stopping the file's exclusive wakeup) only if a thread was waiting on
        // this instance and the key's IN/OUT matches what the item asked for.
        if (!waiters)
        {
            return false;
        }

        var inOut = key & (PollEvents.In | PollEvents.Out);
        return inOut switch
        {
            PollEvents.In => (item.Events & PollEvents.In) != 0,
            PollEvents.Out => (item.Events & PollEvents.Out) != 0,
            PollEvents.None => true,
            _ => false,
        };
    }

    private void ReadyIfPolled(EpItem item)
    {
        if ((item.File.Poll() & item.Events & ~PollEvents.EpollPrivate) == 0)
        {
            return;
        }

        lock (_lock)
        {
            Link(item);
        }

        Wait.WakeUp(PollEvents.None);
    }

    private void Link(EpItem item)
    {
        if (item.OnReadyList)
        {
            return;
        }

        item.OnReadyList = true;
        _ready.AddLast(item.Node);
    }

    private void Unlink(EpItem item)
    {
        if (!item.OnReadyList)
        {
            return;
        }

        item.OnReadyList = false;
        _ready.Remove(item.Node);
    }
}
