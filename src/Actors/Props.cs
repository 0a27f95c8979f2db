namespace ActorStack.Actors;

/// <summary>An immutable recipe for an actor: how to create it, where it runs, its mailbox and supervision.</summary>
public sealed record Props<TMsg>
{
    /// <summary>Creates a recipe from a factory; the factory runs again on every restart.</summary>
    public Props(Func<Actor<TMsg>> factory)
    {
        Factory = factory ?? throw new ArgumentNullException(nameof(factory));
    }

    /// <summary>Creates a fresh actor instance (initially and on restart).</summary>
    public Func<Actor<TMsg>> Factory { get; init; }

    /// <summary>Which dispatcher runs the actor.</summary>
    public DispatcherId Dispatcher { get; init; } = DispatcherId.Shared;

    /// <summary>The context the actor's work runs in on its CPU (thread, ksoftirqd, softirq, hard IRQ).</summary>
    public ExecClass ExecClass { get; init; } = ExecClass.Task;

    /// <summary>
    /// Depth within its level (0..3): when several actors of the same level could run on a CPU at the same time, the
    /// deepest goes first. A pipeline whose stages are deeper the later they come then carries each message through
    /// every stage before the first stage takes the next one, as a chain of synchronous calls would.
    /// </summary>
    public int Depth { get; init; }

    /// <summary>Mailbox capacity; null means unbounded. A full bounded mailbox drops the new message and reports it.</summary>
    public int? MailboxCapacity { get; init; }

    /// <summary>Messages handled per turn before the actor yields its dispatcher (Akka throughput, NAPI weight). Null: the dispatcher's default.</summary>
    public int? Throughput { get; init; }

    /// <summary>What happens when <see cref="Actor{TMsg}.Receive"/> throws.</summary>
    public SupervisorStrategy Supervisor { get; init; } = SupervisorStrategy.Restart;

    /// <summary>Hooks that account for what a message carries when it cannot be delivered normally.</summary>
    public IMessageLifecycle<TMsg>? Lifecycle { get; init; }

    /// <summary>Copy pinned to a simulated CPU.</summary>
    public Props<TMsg> WithCpu(int cpu) => this with { Dispatcher = DispatcherId.ForCpu(cpu) };

    /// <summary>Copy pinned to <paramref name="cpu"/>, running in <paramref name="execClass"/>.</summary>
    public Props<TMsg> WithCpu(int cpu, ExecClass execClass) => this with { Dispatcher = DispatcherId.ForCpu(cpu), ExecClass = execClass };

    /// <summary>Copy with a pipeline depth (see <see cref="Depth"/>).</summary>
    public Props<TMsg> WithDepth(int depth) =>
        depth is >= 0 and < 4 ? this with { Depth = depth } : throw new ArgumentOutOfRangeException(nameof(depth), depth, "0..3");

    /// <summary>Copy with a dispatcher.</summary>
    public Props<TMsg> WithDispatcher(DispatcherId dispatcher) => this with { Dispatcher = dispatcher };

    /// <summary>Copy with a bounded mailbox.</summary>
    public Props<TMsg> WithBoundedMailbox(int capacity) =>
        capacity > 0 ? this with { MailboxCapacity = capacity } : throw new ArgumentOutOfRangeException(nameof(capacity));

    /// <summary>Copy with a per-turn message cap.</summary>
    public Props<TMsg> WithThroughput(int throughput) =>
        throughput > 0 ? this with { Throughput = throughput } : throw new ArgumentOutOfRangeException(nameof(throughput));

    /// <summary>Copy with a supervisor strategy.</summary>
    public Props<TMsg> WithSupervisor(SupervisorStrategy strategy) => this with { Supervisor = strategy };

    /// <summary>Copy with message lifecycle hooks.</summary>
    public Props<TMsg> WithLifecycle(IMessageLifecycle<TMsg> lifecycle) => this with { Lifecycle = lifecycle };
}
