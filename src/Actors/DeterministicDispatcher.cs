namespace ActorStack.Actors;

/// <summary>
/// Deterministic mode: every actor, whatever CPU it is pinned to, runs on the calling thread. The next mailbox
/// is chosen among the ready ones by a seeded RNG; when none is ready the virtual clock jumps to the next timer.
/// The same seed gives the same sequence of turns, bit for bit.
/// </summary>
internal sealed class DeterministicDispatcher : IDispatcher, ITimerQueue
{
    private readonly List<IRunnable> _ready = new();
    private readonly PriorityQueue<(ITimerTarget Timer, long Generation), (long Due, long Seq)> _timers = new();
    private readonly Random _random;
    private readonly VirtualClock _clock;
    private long _timerSeq;
    private int _runningThread = -1;

    public DeterministicDispatcher(int seed, int throughput, VirtualClock clock)
    {
        _random = new Random(seed);
        Throughput = throughput;
        _clock = clock;
    }

    public int Throughput { get; }

    /// <summary>Turns run so far.</summary>
    public long Steps { get; private set; }

    public void Schedule(IRunnable runnable) => _ready.Add(runnable);

    public void Arm(ITimerTarget timer, long generation, long dueNanos) =>
        _timers.Enqueue((timer, generation), (dueNanos, _timerSeq++));

    /// <summary>Runs one turn, or advances time to the next timer. False when there is nothing left at all.</summary>
    public bool Step(long virtualTimeLimitNanos)
    {
        EnsureSingleThread();
        if (_ready.Count > 0)
        {
            int index = _random.Next(_ready.Count);
            var runnable = _ready[index];
            // Swap-remove keeps the choice O(1); the order stays a pure function of the seed.
            _ready[index] = _ready[^1];
            _ready.RemoveAt(_ready.Count - 1);
            Steps++;
            runnable.Run();
            return true;
        }

        if (!_timers.TryPeek(out _, out var next) || next.Due > virtualTimeLimitNanos)
        {
            return false;
        }

        _clock.AdvanceTo(Math.Max(_clock.NowNanos, next.Due));
        // Fire everything due now, in arming order.
        while (_timers.TryPeek(out _, out var at) && at.Due <= _clock.NowNanos)
        {
            var (timer, generation) = _timers.Dequeue();
            timer.Fire(generation);
        }

        return true;
    }

    private void EnsureSingleThread()
    {
        int me = Environment.CurrentManagedThreadId;
        if (_runningThread == -1)
        {
            _runningThread = me;
        }
        else if (_runningThread != me)
        {
            throw new InvalidOperationException("A deterministic actor system must be driven from one thread.");
        }
    }
}
