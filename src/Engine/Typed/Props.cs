using Akka.Actor;
using AkkaProps = Akka.Actor.Props;

namespace ActorStack.Engine;

/// <summary>An immutable recipe for a model actor: how to create it, where it runs, its mailbox and supervision.</summary>
public sealed record Props<TMsg>
{
    /// <summary>Creates a recipe from a factory; the factory runs again on every restart.</summary>
    public Props(Func<Actor<TMsg>> factory)
    {
        Factory = factory ?? throw new ArgumentNullException(nameof(factory));
    }

    /// <summary>Creates a fresh actor instance (initially and on restart).</summary>
    public Func<Actor<TMsg>> Factory { get; init; }

    /// <summary>The simulated CPU the actor runs on, or -1: none (hardware, the wire, helpers).</summary>
    public int Cpu { get; init; } = -1;

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

    /// <summary>What happens when <see cref="Actor{TMsg}.Receive(TMsg)"/> throws.</summary>
    public Supervision Supervisor { get; init; } = Supervision.Restart;

    /// <summary>Hooks that account for what a message carries when it cannot be delivered normally.</summary>
    public IMessageLifecycle<TMsg>? Lifecycle { get; init; }

    /// <summary>Where the actor runs, as the engine sees it.</summary>
    public Placement Placement => Cpu < 0 ? Placement.Shared : new Placement(Cpu, ExecClass, Depth);

    /// <summary>Copy pinned to a simulated CPU.</summary>
    public Props<TMsg> WithCpu(int cpu) =>
        cpu >= 0 ? this with { Cpu = cpu } : throw new ArgumentOutOfRangeException(nameof(cpu), cpu, "CPU must be >= 0.");

    /// <summary>Copy pinned to <paramref name="cpu"/>, running in <paramref name="execClass"/>.</summary>
    public Props<TMsg> WithCpu(int cpu, ExecClass execClass) => WithCpu(cpu) with { ExecClass = execClass };

    /// <summary>Copy with a pipeline depth (see <see cref="Depth"/>).</summary>
    public Props<TMsg> WithDepth(int depth) =>
        depth is >= 0 and < Placement.Depths ? this with { Depth = depth } : throw new ArgumentOutOfRangeException(nameof(depth), depth, "0..3");

    /// <summary>Copy with a bounded mailbox.</summary>
    public Props<TMsg> WithBoundedMailbox(int capacity) =>
        capacity > 0 ? this with { MailboxCapacity = capacity } : throw new ArgumentOutOfRangeException(nameof(capacity));

    /// <summary>Copy with a supervision rule.</summary>
    public Props<TMsg> WithSupervisor(Supervision supervision) => this with { Supervisor = supervision };

    /// <summary>Copy with message lifecycle hooks.</summary>
    public Props<TMsg> WithLifecycle(IMessageLifecycle<TMsg> lifecycle) => this with { Lifecycle = lifecycle };

    /// <summary>The Akka Props: the placement's dispatcher, and a producer that binds each instance to its typed handle.</summary>
    internal AkkaProps ToAkka(ActorRef<TMsg> self) =>
        AkkaProps.CreateBy(new Producer(this, self)).WithDispatcher(Placement.DispatcherId);

    private sealed class Producer(Props<TMsg> props, ActorRef<TMsg> self) : IIndirectActorProducer
    {
        public Type ActorType => typeof(Actor<TMsg>);

        public ActorBase Produce()
        {
            var actor = props.Factory();
            actor.Bind(self);
            return actor;
        }

        public void Release(ActorBase actor)
        {
        }
    }
}
