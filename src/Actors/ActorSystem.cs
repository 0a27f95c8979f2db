namespace ActorStack.Actors;

/// <summary>
/// Owns the dispatchers, the clock and every actor. Built either live or deterministic; actors cannot tell which.
/// </summary>
public sealed class ActorSystem : IDisposable
{
    private readonly CpuDispatcher[] _cpuDispatchers = [];
    private readonly IDispatcher _shared;
    private readonly DeterministicDispatcher? _deterministic;
    private readonly LiveTimerQueue? _liveTimers;
    private readonly List<Action> _stoppers = new();
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private long _inFlight;
    private long _armedTimers;
    private long _faults;
    private long _deadLetters;
    private long _overflows;
    private int _nextId;
    private bool _disposed;

    private ActorSystem(ActorSystemOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.CpuCount, 1);
        if (options.CostJitter is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.CostJitter, "CostJitter must be in [0, 1).");
        }

        Options = options;
        Usage = new CpuUsage(options.CpuCount, options.TimelineBucketNanos);
        if (options.Mode == ExecutionMode.Deterministic)
        {
            var clock = new VirtualClock();
            Clock = clock;
            _deterministic = new DeterministicDispatcher(options.Seed, options.DeterministicThroughput, clock, Usage, options.CostJitter);
            _shared = _deterministic;
            Timers = _deterministic;
        }
        else
        {
            Clock = new MonotonicClock();
            _cpuDispatchers = Enumerable.Range(0, options.CpuCount).Select(cpu => new CpuDispatcher(cpu, options.Throughput, Usage)).ToArray();
            _shared = new SharedDispatcher(options.Throughput);
            _liveTimers = new LiveTimerQueue(Clock);
            Timers = _liveTimers;
        }

        Usage.Clock = Clock;
    }

    /// <summary>Creates a system.</summary>
    public static ActorSystem Create(ActorSystemOptions options) => new(options ?? throw new ArgumentNullException(nameof(options)));

    /// <summary>A live system with <paramref name="cpuCount"/> CPU threads.</summary>
    public static ActorSystem CreateLive(int cpuCount) => Create(new ActorSystemOptions { Mode = ExecutionMode.Live, CpuCount = cpuCount });

    /// <summary>A deterministic system with <paramref name="cpuCount"/> simulated CPUs and an interleaving seed.</summary>
    public static ActorSystem CreateDeterministic(int cpuCount, int seed) =>
        Create(new ActorSystemOptions { Mode = ExecutionMode.Deterministic, CpuCount = cpuCount, Seed = seed });

    /// <summary>The options the system was built with.</summary>
    public ActorSystemOptions Options { get; }

    /// <summary>Live or deterministic.</summary>
    public ExecutionMode Mode => Options.Mode;

    /// <summary>Simulated CPUs.</summary>
    public int CpuCount => Options.CpuCount;

    /// <summary>The system's clock.</summary>
    public IClock Clock { get; }

    /// <summary>CPU time spent per simulated CPU (%usr, %soft, %irq), from every actor's Spend.</summary>
    public CpuUsage Usage { get; }

    /// <summary>Actor failures caught by supervisors so far.</summary>
    public long FaultCount => Interlocked.Read(ref _faults);

    /// <summary>Messages told to stopped actors.</summary>
    public long DeadLetterCount => Interlocked.Read(ref _deadLetters);

    /// <summary>Messages refused by full bounded mailboxes.</summary>
    public long MailboxOverflowCount => Interlocked.Read(ref _overflows);

    /// <summary>Messages enqueued but not yet handled.</summary>
    public long InFlight => Interlocked.Read(ref _inFlight);

    /// <summary>Turns run by the deterministic dispatcher (0 in live mode).</summary>
    public long DeterministicSteps => _deterministic?.Steps ?? 0;

    /// <summary>Raised (on the failing actor's thread) for every failure a supervisor handles.</summary>
    public event Action<ActorFault>? Faulted;

    internal ITimerQueue Timers { get; }

    /// <summary>Creates and starts an actor.</summary>
    public ActorRef<TMsg> Spawn<TMsg>(Props<TMsg> props, string name)
    {
        ArgumentNullException.ThrowIfNull(props);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ObjectDisposedException.ThrowIf(_disposed, this);
        IDispatcher dispatcher = ResolveDispatcher(props.Dispatcher);
        int id;
        lock (_gate)
        {
            if (!_names.Add(name))
            {
                throw new ArgumentException($"An actor named '{name}' already exists.", nameof(name));
            }

            id = ++_nextId;
        }

        var mailbox = new Mailbox<TMsg>(this, props, dispatcher, name);
        var self = mailbox.Start(id);
        lock (_gate)
        {
            _stoppers.Add(mailbox.Stop);
        }

        return self;
    }

    /// <summary>Creates a timer that tells <paramref name="message"/> to <paramref name="target"/> (for code outside actors, e.g. tests).</summary>
    public ActorTimer<T> CreateTimer<T>(ActorRef<T> target, T message) => new(this, target, message);

    /// <summary>
    /// Runs until no message is in flight and no timer is armed. Deterministic: drives the system on this thread
    /// (up to <paramref name="virtualTimeLimit"/> of virtual time). Live: waits, up to <paramref name="virtualTimeLimit"/> of wall time.
    /// </summary>
    /// <returns>True if the system went quiet; false if the limit came first.</returns>
    public bool RunUntilQuiet(TimeSpan? virtualTimeLimit = null) => RunUntil(static () => false, virtualTimeLimit);

    /// <summary>
    /// Runs until <paramref name="condition"/> holds or the system is quiet, whichever comes first.
    /// Deterministic mode never sleeps: it runs turns and jumps the virtual clock to the next timer.
    /// </summary>
    /// <returns>True if the condition held or the system went quiet; false if the limit came first.</returns>
    public bool RunUntil(Func<bool> condition, TimeSpan? limit = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        if (_deterministic is not null)
        {
            long limitNanos = limit is { } l ? Clock.NowNanos + (long)(l.TotalMilliseconds * 1_000_000) : long.MaxValue;
            while (!condition())
            {
                if (!_deterministic.Step(limitNanos))
                {
                    return IsQuiet;
                }
            }

            return true;
        }

        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromMinutes(5));
        int quietChecks = 0;
        while (DateTime.UtcNow < deadline)
        {
            if (condition())
            {
                return true;
            }

            // Two consecutive quiet observations: a turn that is mid-flight cannot look quiet twice.
            quietChecks = IsQuiet ? quietChecks + 1 : 0;
            if (quietChecks >= 2)
            {
                return true;
            }

            Thread.Sleep(1);
        }

        return false;
    }

    /// <summary>True when no message is in flight and no timer is armed.</summary>
    public bool IsQuiet => Interlocked.Read(ref _inFlight) == 0 && Interlocked.Read(ref _armedTimers) == 0;

    /// <summary>Stops every actor (PostStop releases their state) and the dispatcher threads.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var cpu in _cpuDispatchers)
        {
            cpu.Dispose();
        }

        _liveTimers?.Dispose();
        Action[] stoppers;
        lock (_gate)
        {
            stoppers = _stoppers.ToArray();
        }

        foreach (var stop in stoppers)
        {
            stop();
        }
    }

    internal void MessageEnqueued() => Interlocked.Increment(ref _inFlight);

    internal void MessageDone() => Interlocked.Decrement(ref _inFlight);

    internal void TimerArmed() => Interlocked.Increment(ref _armedTimers);

    internal void TimerDisarmed() => Interlocked.Decrement(ref _armedTimers);

    internal void DeadLetter() => Interlocked.Increment(ref _deadLetters);

    internal void MailboxOverflowed() => Interlocked.Increment(ref _overflows);

    internal void ReportFault(ActorFault fault)
    {
        Interlocked.Increment(ref _faults);
        Faulted?.Invoke(fault);
    }

    private IDispatcher ResolveDispatcher(DispatcherId id)
    {
        if (!id.IsShared && id.Cpu >= CpuCount)
        {
            throw new ArgumentOutOfRangeException(nameof(id), id.Cpu, $"The system has {CpuCount} CPUs (0..{CpuCount - 1}).");
        }

        if (_deterministic is not null)
        {
            return _deterministic;
        }

        return id.IsShared ? _shared : _cpuDispatchers[id.Cpu];
    }
}
