using ActorStack.Engine;
using ActorStack.Softirq;

namespace ActorStack.Sockets.Poll;

/// <summary>
/// A thread's side of epoll_wait() on its own epoll instance: the instance, the exclusive entry the thread sleeps on,
/// and the events buffer. <see cref="Harvest"/> is ep_send_events paid on the thread's CPU; <see cref="TrySleep"/>
/// is ep_poll's last look before sleeping.
/// </summary>
public sealed class EpollWaiter
{
    private readonly ThreadWaitEntry _sleeper;
    private readonly EpollEvent[] _events;
    private readonly WaitStats _stats;

    /// <summary>A new epoll instance for <paramref name="thread"/>, returning up to <paramref name="maxEvents"/> per call.</summary>
    public EpollWaiter(ITell<Wakeup> thread, int maxEvents, WaitStats stats)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEvents, 1);
        _sleeper = new ThreadWaitEntry { Thread = thread, Exclusive = true, Mask = ~PollEvents.None };
        _events = new EpollEvent[maxEvents];
        _stats = stats;
    }

    /// <summary>The epoll instance.</summary>
    public EpollInstance Instance { get; } = new();

    /// <summary>The events the last harvest returned.</summary>
    public ReadOnlySpan<EpollEvent> Events => _events.AsSpan(0, Count);

    /// <summary>How many events the last harvest returned.</summary>
    public int Count { get; private set; }

    /// <summary>Polls the ready list's items (cost.epoll_per_event each, on <paramref name="context"/>'s CPU); returns the events found.</summary>
    public int Harvest(ICpuContext context, CpuCosts costs)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(costs);
        Count = Instance.SendEvents(_events, out int examined);
        long cost = examined * costs.EpollPerEvent;
        context.Spend(cost);
        _stats.CountHarvest(examined, Count, cost);
        return Count;
    }

    /// <summary>Sleeps unless events arrived since the harvest; false means harvest again.</summary>
    public bool TrySleep() => Instance.PrepareToSleep(_sleeper);
}
