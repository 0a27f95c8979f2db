using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.SysMsg;

namespace ActorStack.Engine.Deterministic;

/// <summary>type of every placement's dispatcher in deterministic mode: one dispatcher per placement, one engine per simulation.</summary>
public sealed class DeterministicDispatcherConfigurator : MessageDispatcherConfigurator
{
    private readonly DeterministicDispatcher _instance;

    /// <summary>Called by Akka.</summary>
    public DeterministicDispatcherConfigurator(Config config, IDispatcherPrerequisites prerequisites)
        : base(config, prerequisites)
    {
        var simulation = Simulation.Of(prerequisites.Settings.Config);
        _instance = new DeterministicDispatcher(this, simulation, Placement.FromConfig(config), config.GetString("id"));
    }

    /// <inheritdoc />
    public override MessageDispatcher Dispatcher() => _instance;
}

/// <summary>
/// Hands every mailbox run to the <see cref="SimEngine"/> instead of a thread: the engine decides, in virtual time,
/// which mailbox runs next, and runs it on the driver thread.
/// </summary>
public sealed class DeterministicDispatcher : MessageDispatcher, ISimDispatcher
{
    private readonly SimEngine _engine;

    internal DeterministicDispatcher(MessageDispatcherConfigurator configurator, Simulation simulation, Placement placement, string id)
        : base(configurator)
    {
        Simulation = simulation;
        _engine = simulation.Engine!;
        Placement = placement;
        Id = id;
        Throughput = 1;
        ThroughputDeadlineTime = null;
    }

    /// <inheritdoc />
    public Placement Placement { get; }

    /// <inheritdoc />
    public Simulation Simulation { get; }

    /// <inheritdoc />
    public bool NeedResched => Placement.Cpu >= 0 && _engine.NeedResched(Placement.Cpu);

    /// <inheritdoc />
    public void Spend(long nanos, bool user = false) => _engine.Spend(nanos, user);

    /// <inheritdoc />
    public override void SystemDispatch(ActorCell cell, SystemMessage message)
    {
        // Not a scheduling point: a stop or restart takes effect now, even for an actor with messages waiting.
        bool outer = _engine.SetInSystemDispatch(true);
        try
        {
            base.SystemDispatch(cell, message);
        }
        finally
        {
            _engine.SetInSystemDispatch(outer);
        }

        if (cell.Mailbox?.MessageQueue is TimedMessageQueue queue)
        {
            _engine.SystemMessageArrived(queue.Entry);
        }
    }

    /// <inheritdoc />
    protected override void ExecuteTask(IRunnable run)
    {
        if (run is Mailbox { MessageQueue: TimedMessageQueue queue })
        {
            _engine.Execute(queue.Entry, run);
            return;
        }

        // Not a simulated mailbox (a task given to this dispatcher): one turn at the current time.
        _engine.Execute(new SimEntry(run.GetType().Name, Placement, null), run);
    }

    /// <inheritdoc />
    protected override void Shutdown()
    {
    }
}
