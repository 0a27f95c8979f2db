namespace ActorStack.Actors;

/// <summary>
/// Deterministic mode: a discrete-event scheduler on one thread and a virtual clock. Every actor, whatever CPU it is
/// pinned to, runs here. Each simulated CPU is a preemptive priority server: a turn of a given level (thread, softirq,
/// hard IRQ) can start once its message is ready and no work of the same or a higher level occupies the CPU; a turn of
/// a higher level starts at once and pushes the end of the lower-level work it preempts. The next turn is the one that
/// can start earliest (higher level first on a tie, then a seeded random pick), so time only moves forward and the
/// same seed gives the same run, bit for bit.
/// </summary>
internal sealed class DeterministicDispatcher : IDispatcher, ITimerQueue
{
    private const int Levels = 3;
    private readonly List<IRunnable> _ready = new();
    private readonly PriorityQueue<(ITimerTarget Timer, long Generation), (long Due, long Seq)> _timers = new();
    private readonly Random _random;
    private readonly VirtualClock _clock;
    private readonly CpuUsage _usage;

    // _busyUntil[cpu * Levels + level]: when the work of that level now on the CPU ends.
    private readonly long[] _busyUntil;
    private long _timerSeq;
    private int _runningThread = -1;

    private readonly double _jitter;

    public DeterministicDispatcher(int seed, int throughput, VirtualClock clock, CpuUsage usage, double jitter = 0)
    {
        _jitter = jitter;
        _random = new Random(seed);
        Throughput = throughput;
        _clock = clock;
        _usage = usage;
        _busyUntil = new long[usage.Cpus * Levels];
    }

    public int Throughput { get; }

    /// <summary>Turns run so far.</summary>
    public long Steps { get; private set; }

    public void Schedule(IRunnable runnable) => _ready.Add(runnable);

    public void Arm(ITimerTarget timer, long generation, long dueNanos) =>
        _timers.Enqueue((timer, generation), (dueNanos, _timerSeq++));

    public void Spend(IRunnable running, long nanos)
    {
        // The running actor's own time moves on; its CPU's occupancy is settled when the turn ends.
        if (_jitter > 0)
        {
            nanos = Math.Max(0, (long)(nanos * (1 + (_jitter * ((2 * _random.NextDouble()) - 1)))));
        }

        _clock.AdvanceTo(_clock.NowNanos + nanos);
        _usage.Add(running.Cpu, running.Class, nanos);
    }

    // A deterministic turn is always exactly the actor's work: there is nothing to yield to mid-turn.
    public bool ShouldYield(IRunnable running) => false;

    public bool NeedResched(int cpu)
    {
        long now = _clock.NowNanos;
        foreach (var runnable in _ready)
        {
            if (runnable.Cpu == cpu && runnable.Class.Level() == 0 && runnable.HeadReadyAt <= now)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Runs one turn, or fires the timers due next. False when nothing is left before the time limit.</summary>
    public bool Step(long virtualTimeLimitNanos)
    {
        EnsureSingleThread();
        int best = -1;
        long bestAt = long.MaxValue;
        int bestRank = -1;
        int ties = 0;
        for (int i = 0; i < _ready.Count; i++)
        {
            var runnable = _ready[i];
            long at = EarliestStart(runnable);
            // Hardware (no CPU) acts before any CPU at the same instant; then hard IRQ, softirq, threads; within a
            // level the deeper pipeline stage first.
            int rank = runnable.Cpu < 0 ? Levels * 4 : (runnable.Class.Level() * 4) + runnable.Depth;
            if (at < bestAt || (at == bestAt && rank > bestRank))
            {
                best = i;
                bestAt = at;
                bestRank = rank;
                ties = 1;
            }
            else if (at == bestAt && rank == bestRank && _random.Next(++ties) == 0)
            {
                // Reservoir choice among equals: uniform, and a pure function of the seed.
                best = i;
            }
        }

        if (_timers.TryPeek(out _, out var next) && next.Due <= bestAt)
        {
            if (next.Due > virtualTimeLimitNanos)
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

        if (best < 0 || bestAt > virtualTimeLimitNanos)
        {
            return false;
        }

        var chosen = _ready[best];
        // Swap-remove keeps the choice O(1); the order stays a pure function of the seed.
        _ready[best] = _ready[^1];
        _ready.RemoveAt(_ready.Count - 1);
        long start = Math.Max(bestAt, _clock.NowNanos);
        _clock.AdvanceTo(start);
        Steps++;
        chosen.Run();
        long spent = _clock.NowNanos - start;
        Occupy(chosen, start, spent);
        _clock.ReturnTo(start);
        return true;
    }

    private long EarliestStart(IRunnable runnable)
    {
        long ready = runnable.HeadReadyAt;
        if (runnable.Cpu < 0)
        {
            return Math.Max(ready, runnable.DeviceBusyUntil);
        }

        int baseIndex = runnable.Cpu * Levels;
        for (int level = runnable.Class.Level(); level < Levels; level++)
        {
            ready = Math.Max(ready, _busyUntil[baseIndex + level]);
        }

        return ready;
    }

    private void Occupy(IRunnable runnable, long start, long spent)
    {
        if (runnable.Cpu < 0)
        {
            runnable.DeviceBusyUntil = start + spent;
            return;
        }

        int baseIndex = runnable.Cpu * Levels;
        int level = runnable.Class.Level();
        _busyUntil[baseIndex + level] = Math.Max(_busyUntil[baseIndex + level], start + spent);
        // Preemption: lower-level work still in progress finishes later by the time this turn took.
        for (int lower = 0; lower < level; lower++)
        {
            if (_busyUntil[baseIndex + lower] > start)
            {
                _busyUntil[baseIndex + lower] += spent;
            }
        }
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
