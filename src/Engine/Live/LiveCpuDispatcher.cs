using System.Diagnostics;
using Akka.Configuration;
using Akka.Dispatch;

namespace ActorStack.Engine.Live;

/// <summary>
/// Live mode: every placement on CPU n shares CPU n's one thread. Actors on no simulated CPU run on a CPU thread too, at
/// the device level, spread over the CPUs by spawn order (see <see cref="CpuMessageQueue.Home"/>).
/// </summary>
public sealed class LiveCpuDispatcherConfigurator : MessageDispatcherConfigurator
{
    private readonly LiveCpuDispatcher _instance;

    /// <summary>Called by Akka.</summary>
    public LiveCpuDispatcherConfigurator(Config config, IDispatcherPrerequisites prerequisites)
        : base(config, prerequisites)
    {
        var simulation = Simulation.Of(prerequisites.Settings.Config);
        var placement = Placement.FromConfig(config);
        _instance = new LiveCpuDispatcher(this, simulation, placement, config.GetString("id"), config.GetInt("throughput", 64));
    }

    /// <inheritdoc />
    public override MessageDispatcher Dispatcher() => _instance;
}

/// <summary>Live dispatcher of one placement: its mailbox runs go to its CPU's thread, at its level and depth.</summary>
public sealed class LiveCpuDispatcher : MessageDispatcher, ISimDispatcher
{
    internal LiveCpuDispatcher(MessageDispatcherConfigurator configurator, Simulation simulation, Placement placement, string id, int throughput)
        : base(configurator)
    {
        Simulation = simulation;
        Placement = placement;
        Cpu = placement.Cpu < 0 ? null : simulation.CpuThreads[placement.Cpu];
        Id = id;
        Throughput = throughput;
        ThroughputDeadlineTime = null;
    }

    /// <inheritdoc />
    public Placement Placement { get; }

    /// <inheritdoc />
    public Simulation Simulation { get; }

    /// <inheritdoc />
    public bool NeedResched => Cpu?.NeedResched ?? false;

    internal CpuThread? Cpu { get; }

    /// <inheritdoc />
    public void Spend(long nanos, bool user = false)
    {
        if (Cpu is null)
        {
            SpinFor(nanos);
            return;
        }

        Cpu.Spend(Placement, nanos, user);
    }

    /// <inheritdoc />
    protected override void ExecuteTask(IRunnable run)
    {
        var cpu = Cpu ?? ((run as Mailbox)?.MessageQueue as CpuMessageQueue)?.Home;
        if (cpu is null)
        {
            // Not a simulated mailbox (a task handed to this dispatcher): the thread pool.
            ThreadPool.UnsafeQueueUserWorkItem(run, preferLocal: false);
            return;
        }

        cpu.Schedule(run, Placement);
    }

    /// <inheritdoc />
    protected override void Shutdown()
    {
    }

    // A device busy for a while (a serialising wire, say) holds its thread for that long.
    private static void SpinFor(long nanos)
    {
        long until = Stopwatch.GetTimestamp() + (nanos * Stopwatch.Frequency / 1_000_000_000);
        while (Stopwatch.GetTimestamp() < until)
        {
            Thread.SpinWait(20);
        }
    }
}
