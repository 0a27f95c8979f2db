namespace ActorStack.Sockets.Poll;

/// <summary>
/// How an application thread spent its waiting: select/poll/epoll_wait calls, the descriptors each scanned or the
/// items each harvested, sleeps and wakeups (spurious ones: woken, then nothing to do), non-blocking calls that
/// returned EAGAIN, and the CPU time the waiting calls themselves cost. Readable while the run goes on.
/// </summary>
public sealed class WaitStats
{
    private long _calls;
    private long _scans;
    private long _fdsPolled;
    private long _itemsPolled;
    private long _events;
    private long _sleeps;
    private long _wakeups;
    private long _spurious;
    private long _eagain;
    private long _recvCalls;
    private long _waitNanos;
    private long _wakeupNanos;
    private long _retriggers;

    /// <summary>select()/poll()/epoll_wait() calls.</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>select/poll: passes over all the thread's descriptors (the first of a call, and one per wakeup).</summary>
    public long Scans => Interlocked.Read(ref _scans);

    /// <summary>select/poll: descriptors polled over all scans.</summary>
    public long FdsPolled => Interlocked.Read(ref _fdsPolled);

    /// <summary>epoll: ready-list items polled by ep_send_events.</summary>
    public long ItemsPolled => Interlocked.Read(ref _itemsPolled);

    /// <summary>Ready descriptors returned (select/poll) or events returned (epoll_wait).</summary>
    public long Events => Interlocked.Read(ref _events);

    /// <summary>Times the thread went to sleep in a waiting call.</summary>
    public long Sleeps => Interlocked.Read(ref _sleeps);

    /// <summary>Times it was woken.</summary>
    public long Wakeups => Interlocked.Read(ref _wakeups);

    /// <summary>Wakeups after which there was nothing for it: the waiting call found nothing ready, or the accept() it led to returned EAGAIN.</summary>
    public long SpuriousWakeups => Interlocked.Read(ref _spurious);

    /// <summary>Scans or harvests that found nothing, after which a wakeup had already come: looked again without sleeping.</summary>
    public long Retriggers => Interlocked.Read(ref _retriggers);

    /// <summary>Non-blocking recv/recvmmsg/accept calls that returned EAGAIN.</summary>
    public long Eagain => Interlocked.Read(ref _eagain);

    /// <summary>recv/recvmmsg/accept calls made after a wait.</summary>
    public long RecvCalls => Interlocked.Read(ref _recvCalls);

    /// <summary>CPU time of the waiting calls themselves (system call, descriptor scans, event harvests), ns.</summary>
    public long WaitNanos => Interlocked.Read(ref _waitNanos);

    /// <summary>CPU time of being woken and switched back in (cost.context_switch per wakeup), ns.</summary>
    public long WakeupNanos => Interlocked.Read(ref _wakeupNanos);

    /// <summary>Mean CPU cost of one waiting call, ns.</summary>
    public double NanosPerCall => Calls == 0 ? 0 : (double)WaitNanos / Calls;

    internal void CountCall(long nanos)
    {
        Interlocked.Increment(ref _calls);
        Interlocked.Add(ref _waitNanos, nanos);
    }

    internal void CountScan(int fds, long nanos)
    {
        Interlocked.Increment(ref _scans);
        Interlocked.Add(ref _fdsPolled, fds);
        Interlocked.Add(ref _waitNanos, nanos);
    }

    internal void CountHarvest(int items, int events, long nanos)
    {
        Interlocked.Add(ref _itemsPolled, items);
        Interlocked.Add(ref _events, events);
        Interlocked.Add(ref _waitNanos, nanos);
    }

    internal void CountReady(int fds) => Interlocked.Add(ref _events, fds);

    internal void CountSleep() => Interlocked.Increment(ref _sleeps);

    internal void CountWakeup(long nanos)
    {
        Interlocked.Increment(ref _wakeups);
        Interlocked.Add(ref _wakeupNanos, nanos);
    }

    internal void CountSpurious() => Interlocked.Increment(ref _spurious);

    internal void CountRetrigger() => Interlocked.Increment(ref _retriggers);

    internal void CountEagain() => Interlocked.Increment(ref _eagain);

    internal void CountRecvCall() => Interlocked.Increment(ref _recvCalls);

    /// <summary>The counts of <paramref name="all"/> added up.</summary>
    public static WaitStats Sum(IEnumerable<WaitStats> all)
    {
        ArgumentNullException.ThrowIfNull(all);
        var total = new WaitStats();
        foreach (var s in all)
        {
            total._calls += s.Calls;
            total._scans += s.Scans;
            total._fdsPolled += s.FdsPolled;
            total._itemsPolled += s.ItemsPolled;
            total._events += s.Events;
            total._sleeps += s.Sleeps;
            total._wakeups += s.Wakeups;
            total._spurious += s.SpuriousWakeups;
            total._eagain += s.Eagain;
            total._recvCalls += s.RecvCalls;
            total._waitNanos += s.WaitNanos;
            total._wakeupNanos += s.WakeupNanos;
            total._retriggers += s.Retriggers;
        }

        return total;
    }
}
