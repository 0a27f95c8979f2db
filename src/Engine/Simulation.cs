using System.Collections.Concurrent;
using ActorStack.Engine.Deterministic;
using ActorStack.Engine.Live;
using Akka.Actor;
using Akka.Event;
using Akka.Configuration;
using AkkaActorSystem = Akka.Actor.ActorSystem;

namespace ActorStack.Engine;

/// <summary>
/// One simulated machine on Akka.NET: an Akka ActorSystem whose scheduler, dispatchers and mailboxes are the CPU
/// model's plug-ins (<see cref="EngineConfig"/>), the model clock, per-CPU accounting, and a root actor that creates
/// and supervises every model actor. Built live or deterministic; model actors cannot tell which.
/// </summary>
public sealed class Simulation : IDisposable
{
    /// <summary>The root actor's name: model actors are /user/kernel/NAME.</summary>
    internal const string RootName = "kernel";

    private static readonly ConcurrentDictionary<int, Simulation> Registry = new();
    private static int s_nextId;

    private readonly ConcurrentDictionary<string, IMailboxOwner> _owners = new(StringComparer.Ordinal);
    private readonly Lock _spawnGate = new();
    private readonly int _id;
    private readonly ActorCell _root;
    private long _inFlight;
    private long _armedTimers;
    private long _faults;
    private long _stopped;
    private long _deadLetters;
    private long _overflows;
    private int _nextActorId;
    private bool _disposed;

    private Simulation(SimulationOptions options)
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
            Engine = new SimEngine(options.Seed, options.CpuCount, options.CostJitter, Usage);
            Clock = Engine.Clock;
            CpuThreads = [];
        }
        else
        {
            Clock = new MonotonicClock();
            Usage.Clock = Clock;
            CpuThreads = Enumerable.Range(0, options.CpuCount).Select(cpu => new CpuThread(cpu, Usage)).ToArray();
        }

        _id = Interlocked.Increment(ref s_nextId);
        Registry[_id] = this;
        Engine?.BeginDriving();
        Akka = AkkaActorSystem.Create("actorstack", EngineConfig.For(options, _id));
        Timers = ((SchedulerBase)Akka.Scheduler).Timers;
        Akka.EventStream.Subscribe(new DeadLetterTap(this, Akka), typeof(DeadLetter));
        _root = StartRoot();
        (Clock as MonotonicClock)?.Restart();
    }

    /// <summary>Creates a simulation.</summary>
    public static Simulation Create(SimulationOptions options) => new(options ?? throw new ArgumentNullException(nameof(options)));

    /// <summary>A live simulation with <paramref name="cpuCount"/> CPU threads.</summary>
    public static Simulation CreateLive(int cpuCount) => Create(new SimulationOptions { Mode = ExecutionMode.Live, CpuCount = cpuCount });

    /// <summary>A deterministic simulation with <paramref name="cpuCount"/> simulated CPUs and an interleaving seed.</summary>
    public static Simulation CreateDeterministic(int cpuCount, int seed) =>
        Create(new SimulationOptions { Mode = ExecutionMode.Deterministic, CpuCount = cpuCount, Seed = seed });

    /// <summary>The Akka.NET actor system everything runs on.</summary>
    public AkkaActorSystem Akka { get; }

    /// <summary>The options the simulation was built with.</summary>
    public SimulationOptions Options { get; }

    /// <summary>Live or deterministic.</summary>
    public ExecutionMode Mode => Options.Mode;

    /// <summary>Simulated CPUs.</summary>
    public int CpuCount => Options.CpuCount;

    /// <summary>The model clock: wall clock in live mode, the engine's virtual clock in deterministic mode.</summary>
    public IClock Clock { get; }

    /// <summary>CPU time spent per simulated CPU (%usr, %soft, %irq), from every actor's Spend.</summary>
    public CpuUsage Usage { get; }

    /// <summary>Actor failures caught by supervision so far.</summary>
    public long FaultCount => Interlocked.Read(ref _faults);

    /// <summary>Model actors supervision stopped (their rule was Stop, or they failed more often than it allows).</summary>
    public long StoppedActors => Interlocked.Read(ref _stopped);

    /// <summary>Messages to model actors that Akka delivered to dead letters (the actor had stopped).</summary>
    public long DeadLetterCount => Interlocked.Read(ref _deadLetters);

    /// <summary>Messages refused by full bounded mailboxes.</summary>
    public long MailboxOverflowCount => Interlocked.Read(ref _overflows);

    /// <summary>Messages told to model actors and not yet handled.</summary>
    public long InFlight => Interlocked.Read(ref _inFlight);

    /// <summary>Turns run by the deterministic engine (0 in live mode).</summary>
    public long DeterministicSteps => Engine?.Steps ?? 0;

    /// <summary>
    /// Deterministic mode: mailbox runs, messages and timers that reached the model from a thread other than the one
    /// driving it. Each is a determinism hazard; a shipped scenario has none.
    /// </summary>
    public long ForeignEvents => Engine?.ForeignEvents ?? 0;

    /// <summary>True when no message is in flight and no timer is armed.</summary>
    public bool IsQuiet => Engine is { } engine
        ? engine.IsQuiet
        : Interlocked.Read(ref _inFlight) == 0 && Interlocked.Read(ref _armedTimers) == 0;

    /// <summary>Raised (on the failing actor's thread) for every failure supervision handles.</summary>
    public event Action<ActorFault>? Faulted;

    internal SimEngine? Engine { get; }

    internal CpuThread[] CpuThreads { get; }

    internal ITimerQueue Timers { get; }

    /// <summary>Creates and starts a model actor, a child of the simulation's root actor (which supervises it).</summary>
    public ActorRef<TMsg> Spawn<TMsg>(Props<TMsg> props, string name)
    {
        ArgumentNullException.ThrowIfNull(props);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (props.Cpu >= CpuCount)
        {
            throw new ArgumentOutOfRangeException(nameof(props), props.Cpu, $"The system has {CpuCount} CPUs (0..{CpuCount - 1}).");
        }

        string path = ActorPathName(name);
        var self = new ActorRef<TMsg>(this, Interlocked.Increment(ref _nextActorId), name, props);
        if (!_owners.TryAdd(path, self))
        {
            throw new ArgumentException($"An actor named '{name}' already exists.", nameof(name));
        }

        if (Engine is { Running: null })
        {
            Engine.BeginDriving();
        }

        // Spawning is rare (start-up, a TCP connection): a lock keeps the root's child table single-writer in live mode.
        lock (_spawnGate)
        {
            self.Bind(_root.ActorOf(props.ToAkka(self), path));
        }

        return self;
    }

    /// <summary>Creates a timer that tells <paramref name="message"/> to <paramref name="target"/> (for code outside actors).</summary>
    public ActorTimer<T> CreateTimer<T>(ActorRef<T> target, T message) => new(this, target, message);

    /// <summary>
    /// Runs until nothing is in flight and no timer is armed. Deterministic: drives the model on this thread (up to
    /// <paramref name="limit"/> of model time). Live: waits, up to <paramref name="limit"/> of wall time.
    /// </summary>
    /// <returns>True if the model went quiet; false if the limit came first.</returns>
    public bool RunUntilQuiet(TimeSpan? limit = null) => RunUntil(static () => false, limit);

    /// <summary>
    /// Runs until <paramref name="condition"/> holds or the model is quiet, whichever comes first. Deterministic mode
    /// never sleeps: it runs turns and jumps the virtual clock to the next timer.
    /// </summary>
    /// <returns>True if the condition held or the model went quiet; false if the limit came first.</returns>
    public bool RunUntil(Func<bool> condition, TimeSpan? limit = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        if (Engine is { } engine)
        {
            engine.BeginDriving();
            long limitNanos = limit is { } l ? Clock.NowNanos + (long)(l.TotalMilliseconds * 1_000_000) : long.MaxValue;
            while (!condition())
            {
                if (!engine.Step(limitNanos))
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

    /// <summary>
    /// Stops every model actor (PostStop releases what it holds; queued messages go to dead letters and are accounted),
    /// then terminates the Akka system and the CPU threads.
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (Engine is { } engine)
        {
            // On the driver, one actor at a time, as the run itself: model state is not shared across threads.
            engine.BeginDriving();
            // In spawn order (Akka's child table enumerates in hash order, which differs between processes).
            foreach (var child in _root.GetChildren().OrderBy(c => OwnerOf(c)?.Id ?? int.MaxValue).ThenBy(c => c.Path.Name, StringComparer.Ordinal).ToArray())
            {
                _root.Stop(child);
            }

            engine.Close();
        }

        Akka.Terminate().Wait(TimeSpan.FromSeconds(30));
        foreach (var cpu in CpuThreads)
        {
            cpu.Dispose();
        }

        (Akka.Scheduler as IDisposable)?.Dispose();
        Registry.TryRemove(_id, out _);
    }

    internal static Simulation Of(AkkaActorSystem system) => Of(system.Settings.Config);

    internal static Simulation Of(Config config) =>
        Registry.TryGetValue(config.GetInt("akka.sim.id", 0), out var simulation)
            ? simulation
            : throw new ConfigurationException("This Akka system was not built by ActorStack.Engine.Simulation (akka.sim.id).");

    internal IMailboxOwner? OwnerOf(IActorRef actor) =>
        actor.Path.Parent is { Name: RootName } ? _owners.GetValueOrDefault(actor.Path.Name) : null;

    internal void MessageEnqueued() => Interlocked.Increment(ref _inFlight);

    internal void MessageDone() => Interlocked.Decrement(ref _inFlight);

    internal void TimerArmed() => Interlocked.Increment(ref _armedTimers);

    internal void TimerDisarmed() => Interlocked.Decrement(ref _armedTimers);

    internal void DeadLetter() => Interlocked.Increment(ref _deadLetters);

    internal void MailboxOverflowed() => Interlocked.Increment(ref _overflows);

    internal void ReportFault(ActorFault fault)
    {
        Interlocked.Increment(ref _faults);
        if (fault.Directive == Directive.Stop)
        {
            Interlocked.Increment(ref _stopped);
        }

        try
        {
            Faulted?.Invoke(fault);
        }
        catch (Exception handlerError)
        {
            // A failing observer must not turn one actor's fault into a lost message: the fault stands as reported.
            System.Diagnostics.Trace.TraceError($"Faulted handler failed: {handlerError}");
        }
    }

    // Akka path elements allow a restricted character set; model names use the kernel's ("tcp:10.0.0.1:5000", "irq/0").
    private static string ActorPathName(string name) => Uri.EscapeDataString(name);

    private ActorCell StartRoot()
    {
        int created = 0;
        var props = Props.Create(() => new KernelRoot(() => Volatile.Write(ref created, 1), this)).WithDispatcher(Placement.Shared.DispatcherId);
        var root = Akka.ActorOf(props, RootName);
        // Akka starts a top-level actor asynchronously from the /user guardian (on the thread pool): wait until the
        // root exists, so that its creation enters the engine before the model does.
        // Both: the root's instance exists, and the reference points at its cell (Akka swaps the cell in on the
        // guardian's thread, which may still be doing so when the root's mailbox has already run its creation).
        bool Started() => Volatile.Read(ref created) == 1 && ((ActorRefWithCell)root).Underlying is ActorCell;
        if (Engine is { } engine)
        {
            engine.AdoptWhile(() => !Started(), TimeSpan.FromSeconds(30));
        }
        else if (!SpinWait.SpinUntil(Started, TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException("Akka did not start the simulation's root actor in time.");
        }

        return (ActorCell)((ActorRefWithCell)root).Underlying;
    }
}
