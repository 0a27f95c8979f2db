using System.Collections.Concurrent;
using Akka.Dispatch;

namespace ActorStack.Engine.Deterministic;

/// <summary>
/// Deterministic mode's discrete-event core: one thread (the driver) runs every mailbox turn of every simulated actor
/// against a virtual clock. Each simulated CPU is a preemptive priority server: a turn of a given level (thread,
/// softirq, hard IRQ) can start once its message is ready and no work of the same or a higher level occupies the CPU;
/// a turn of a higher level starts at once and pushes back the end of the lower-level work it preempts. The next turn
/// is the one that can start earliest (hardware first on a tie, then higher level, then deeper pipeline stage, then a
/// seeded random pick), so time only moves forward and the same seed gives the same run, bit for bit.
/// <para>
/// Akka hands mailbox runs to the engine through <see cref="DeterministicDispatcher"/>; the engine decides when each
/// runs. A mailbox is runnable when its <see cref="TimedMessageQueue"/> holds a message (as the project's own runtime
/// had it, so runs keep their interleaving). System messages (actor creation, supervision, stop) are not scheduling
/// points: the engine runs them at once on the driver, as Akka's CallingThreadDispatcher would.
/// </para>
/// </summary>
internal sealed class SimEngine : ITimerQueue
{
    private const int Levels = 3;
    private readonly List<SimEntry> _ready = new();
    private readonly PriorityQueue<(ITimerTarget Timer, long Generation), (long Due, long Seq)> _timers = new();
    private readonly ConcurrentQueue<SimEntry> _foreign = new();
    private readonly ConcurrentQueue<(ITimerTarget Timer, long Generation, long Due)> _foreignTimers = new();
    private readonly Random _random;
    private readonly double _jitter;

    // _busyUntil[cpu * Levels + level]: when the work of that level now on the CPU ends.
    private readonly long[] _busyUntil;
    private long _timerSeq;
    private SimEntry? _running;
    private int _driverThread = -1;
    private long _foreignEvents;
    private volatile bool _adopting;
    private volatile bool _closed;
    private bool _inSystemDispatch;

    public SimEngine(int seed, int cpus, double jitter, CpuUsage usage)
    {
        _random = new Random(seed);
        _jitter = jitter;
        Usage = usage;
        _busyUntil = new long[cpus * Levels];
        Clock = new VirtualClock();
        usage.Clock = Clock;
    }

    public VirtualClock Clock { get; }

    public CpuUsage Usage { get; }

    /// <summary>Turns run so far.</summary>
    public long Steps { get; private set; }

    /// <summary>
    /// Mailbox runs or messages that reached simulated actors from a thread other than the driver while the model ran:
    /// each is a determinism hazard (the time it lands at depends on the OS scheduler). Shipped scenarios have 0.
    /// </summary>
    public long ForeignEvents => Interlocked.Read(ref _foreignEvents);

    /// <summary>True when nothing is runnable and no timer is armed.</summary>
    public bool IsQuiet => _ready.Count == 0 && _timers.Count == 0 && _foreign.IsEmpty && _foreignTimers.IsEmpty;

    public bool IsClosed => _closed;

    /// <summary>The entry whose mailbox runs now (null between turns).</summary>
    public SimEntry? Running => _running;

    /// <summary>True on the thread that drives the engine (before anyone drove it: any thread).</summary>
    public bool OnDriverThread
    {
        get
        {
            int driver = Volatile.Read(ref _driverThread);
            return driver == -1 || driver == Environment.CurrentManagedThreadId;
        }
    }

    /// <summary>The running actor keeps its CPU busy: its own clock moves on, its CPU's time is accounted.</summary>
    public void Spend(long nanos, bool user = false)
    {
        var running = _running;
        if (running is null || nanos == 0)
        {
            return;
        }

        if (_jitter > 0)
        {
            nanos = Math.Max(0, (long)(nanos * (1 + (_jitter * ((2 * _random.NextDouble()) - 1)))));
        }

        Clock.AdvanceTo(Clock.NowNanos + nanos);
        Usage.Add(running.Placement.Cpu, running.Placement.Class.AccountingColumn(user), nanos);
    }

    /// <summary>need_resched() on <paramref name="cpu"/>: a thread-level turn is ready there now.</summary>
    public bool NeedResched(int cpu)
    {
        long now = Clock.NowNanos;
        foreach (var entry in _ready)
        {
            if (entry.Placement.Cpu == cpu && entry.Placement.Class.Level() == 0 && entry.HeadReadyAt <= now)
            {
                return true;
            }
        }

        return false;
    }

    public void Arm(ITimerTarget timer, long generation, long dueNanos)
    {
        if (!OnDriverThread)
        {
            // The timer queue belongs to the driver: an arm from elsewhere waits in an inbox it merges.
            Interlocked.Increment(ref _foreignEvents);
            _foreignTimers.Enqueue((timer, generation, dueNanos));
            return;
        }

        _timers.Enqueue((timer, generation), (dueNanos, _timerSeq++));
    }

    /// <summary>A system message (stop, restart, resume, watch) arrived for <paramref name="entry"/>: it takes effect at once.</summary>
    public void SystemMessageArrived(SimEntry entry)
    {
        if (_closed || !OnDriverThread || entry.Runnable is null)
        {
            return;
        }

        if (entry.Running)
        {
            entry.SystemPending = true;
            return;
        }

        RunSystemMessages(entry);
    }

    /// <summary>A message was queued for <paramref name="entry"/> on the driver: runnable now, unless it runs already.</summary>
    public void OnEnqueued(SimEntry entry)
    {
        if (!entry.InReady && !entry.Running)
        {
            entry.InReady = true;
            _ready.Add(entry);
        }
    }

    /// <summary>A message was queued from another thread: counted, and taken in by the driver at its next step.</summary>
    public void OnForeignEnqueue(SimEntry entry)
    {
        CountForeign();
        _foreign.Enqueue(entry);
    }

    /// <summary>Akka's ExecuteTask: <paramref name="entry"/>'s mailbox wants to run.</summary>
    public void Execute(SimEntry entry, IRunnable runnable)
    {
        entry.Runnable = runnable;
        if (_closed)
        {
            ThreadPool.UnsafeQueueUserWorkItem(runnable, preferLocal: false);
            return;
        }

        if (!OnDriverThread)
        {
            if (!entry.IsRoot)
            {
                CountForeign();
            }

            _foreign.Enqueue(entry);
            return;
        }

        if (entry.Queue is null)
        {
            // A bare task handed to a simulated dispatcher: one turn, at the current time.
            entry.InReady = true;
            _ready.Add(entry);
            return;
        }

        if (entry.Running)
        {
            // Akka re-registers a mailbox at the end of every run that still has work. With user messages left the
            // engine re-adds it itself; with none, what is left are system messages: run them after this run.
            if (entry.Queue.Count == 0)
            {
                entry.SystemPending = true;
            }

            return;
        }

        // Nothing queued and not runnable: Akka scheduled the mailbox for system messages (its creation, say). They
        // run now, unless they came through SystemDispatch, which runs them itself right after.
        if (!entry.InReady && entry.Queue.Count == 0 && !_inSystemDispatch)
        {
            RunSystemMessages(entry);
        }
    }

    /// <summary>
    /// Marks Akka's SystemDispatch as under way (the system run it triggers happens once, when it returns); returns the
    /// previous mark, for nesting.
    /// </summary>
    public bool SetInSystemDispatch(bool value)
    {
        bool previous = _inSystemDispatch;
        _inSystemDispatch = value;
        return previous;
    }

    /// <summary>
    /// Waits (wall clock) while <paramref name="pending"/> holds, for work Akka does on its own threads that the model
    /// needs before it starts (the root actor's start by the /user guardian); what they schedule meanwhile is not
    /// counted as foreign.
    /// </summary>
    public void AdoptWhile(Func<bool> pending, TimeSpan wallTimeout)
    {
        var deadline = DateTime.UtcNow + wallTimeout;
        _adopting = true;
        try
        {
            var spinner = default(SpinWait);
            while (pending())
            {
                TakeForeign();
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException("Akka did not start the simulation's root actor in time.");
                }

                spinner.SpinOnce(sleep1Threshold: -1);
            }
        }
        finally
        {
            _adopting = false;
        }

        TakeForeign();
    }

    /// <summary>Binds the calling thread as the driver and takes in what other threads scheduled.</summary>
    public void BeginDriving()
    {
        int me = Environment.CurrentManagedThreadId;
        int driver = Volatile.Read(ref _driverThread);
        if (driver != -1 && driver != me && _running is not null)
        {
            throw new InvalidOperationException("A deterministic simulation must be driven from one thread at a time.");
        }

        Volatile.Write(ref _driverThread, me);
        TakeForeign();
    }

    /// <summary>Runs one turn, or fires the timers due next. False when nothing is left before the time limit.</summary>
    public bool Step(long virtualTimeLimitNanos)
    {
        if (!_foreign.IsEmpty || !_foreignTimers.IsEmpty)
        {
            TakeForeign();
        }

        int best = -1;
        long bestAt = long.MaxValue;
        int bestRank = -1;
        int ties = 0;
        for (int i = 0; i < _ready.Count; i++)
        {
            var entry = _ready[i];
            long at = EarliestStart(entry);
            // Hardware (no CPU) acts before any CPU at the same instant; then hard IRQ, softirq, threads; within a
            // level the deeper pipeline stage first.
            var p = entry.Placement;
            int rank = p.Cpu < 0 ? Levels * Placement.Depths : (p.Class.Level() * Placement.Depths) + p.Depth;
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

            Clock.AdvanceTo(Math.Max(Clock.NowNanos, next.Due));
            // Fire everything due now, in arming order.
            while (_timers.TryPeek(out _, out var at) && at.Due <= Clock.NowNanos)
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
        chosen.InReady = false;
        long start = Math.Max(bestAt, Clock.NowNanos);
        Clock.AdvanceTo(start);
        Steps++;
        Run(chosen, budget: 1);
        long spent = Clock.NowNanos - start;
        Occupy(chosen, start, spent);
        Clock.ReturnTo(start);
        return true;
    }

    /// <summary>
    /// Ends the simulation: from now on mailboxes run on the thread pool, so that Akka can stop the actors when the
    /// system terminates.
    /// </summary>
    public void Close()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        _timers.Clear();
        _foreignTimers.Clear();
        foreach (var entry in _ready.Concat(_foreign).Distinct())
        {
            entry.InReady = false;
            if (entry.Runnable is { } runnable)
            {
                ThreadPool.UnsafeQueueUserWorkItem(runnable, preferLocal: false);
            }
        }

        _ready.Clear();
        _foreign.Clear();
    }

    // One mailbox run on the driver: a turn (budget 1) or system messages only (budget 0). Runs may nest: an actor
    // that creates another runs the new actor's creation inside its own turn, as Akka's calling-thread dispatcher does.
    private void Run(SimEntry entry, int budget)
    {
        var outer = _running;
        entry.Running = true;
        entry.TurnBudget = budget;
        _running = entry;
        try
        {
            entry.Runnable!.Run();
        }
        finally
        {
            entry.Running = false;
            entry.TurnBudget = 0;
            _running = outer;
        }

        if (entry.Queue is null)
        {
            return;
        }

        if (entry.Queue.Count > 0 && !entry.InReady)
        {
            entry.InReady = true;
            _ready.Add(entry);
        }
        else if (entry.Queue.Count == 0 && entry.InReady)
        {
            // Emptied out of turn (a system run stopped the actor and its messages went to dead letters): no longer
            // runnable. Swap-remove, as Step does.
            int index = _ready.IndexOf(entry);
            _ready[index] = _ready[^1];
            _ready.RemoveAt(_ready.Count - 1);
            entry.InReady = false;
        }

        if (entry.SystemPending)
        {
            RunSystemMessages(entry);
        }
    }

    private void RunSystemMessages(SimEntry entry)
    {
        entry.SystemPending = false;
        if (entry.Runnable is not null)
        {
            Run(entry, budget: 0);
        }
    }

    private void TakeForeign()
    {
        while (_foreignTimers.TryDequeue(out var arm))
        {
            _timers.Enqueue((arm.Timer, arm.Generation), (arm.Due, _timerSeq++));
        }

        while (_foreign.TryDequeue(out var entry))
        {
            if (entry.Queue is { } queue)
            {
                queue.MergeInbox();
            }

            if (entry.Running || entry.InReady)
            {
                continue;
            }

            if (entry.Queue is { Count: > 0 })
            {
                entry.InReady = true;
                _ready.Add(entry);
            }
            else
            {
                RunSystemMessages(entry);
            }
        }
    }

    private void CountForeign()
    {
        if (!_adopting)
        {
            Interlocked.Increment(ref _foreignEvents);
        }
    }

    private long EarliestStart(SimEntry entry)
    {
        long ready = entry.HeadReadyAt;
        var p = entry.Placement;
        if (p.Cpu < 0)
        {
            return Math.Max(ready, entry.DeviceBusyUntil);
        }

        int baseIndex = p.Cpu * Levels;
        for (int level = p.Class.Level(); level < Levels; level++)
        {
            ready = Math.Max(ready, _busyUntil[baseIndex + level]);
        }

        return ready;
    }

    private void Occupy(SimEntry entry, long start, long spent)
    {
        var p = entry.Placement;
        if (p.Cpu < 0)
        {
            entry.DeviceBusyUntil = start + spent;
            return;
        }

        int baseIndex = p.Cpu * Levels;
        int level = p.Class.Level();
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
}
