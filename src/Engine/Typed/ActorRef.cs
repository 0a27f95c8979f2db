using Akka.Actor;

namespace ActorStack.Engine;

/// <summary>
/// A typed handle to a model actor: a thin layer over Akka's <see cref="IActorRef"/> that only accepts the actor's
/// message type, keeps the message's lifecycle (what an skb in a dropped message becomes) and sends struct messages in
/// pooled boxes. Telling never blocks and never runs the actor inline.
/// </summary>
public sealed class ActorRef<TMsg> : IMailboxOwner, ITell<TMsg>
{
    private readonly Simulation _simulation;
    private readonly IMessageLifecycle<TMsg>? _lifecycle;
    private readonly BoxPool<TMsg>? _boxes;
    private IActorRef? _akka;
    private int _restarts;

    internal ActorRef(Simulation simulation, int id, string name, Props<TMsg> props)
    {
        _simulation = simulation;
        Id = id;
        Name = name;
        Props = props;
        _lifecycle = props.Lifecycle;
        var faults = simulation.Options.Faults.Where(f => f.Matches(name)).ToArray();
        Faults = faults.Length > 0 ? new FaultState(faults, simulation.Options.Seed, id) : null;
        if (typeof(TMsg).IsValueType)
        {
            _boxes = new BoxPool<TMsg>(simulation.Mode == ExecutionMode.Deterministic);
        }
    }

    /// <summary>
    /// Wraps an Akka actor that is not a model actor (a TestKit probe, say) and accepts <typeparamref name="TMsg"/>:
    /// messages go to it as plain objects, and are not counted as model work in flight.
    /// </summary>
    public ActorRef(Simulation simulation, IActorRef actor)
    {
        _simulation = simulation ?? throw new ArgumentNullException(nameof(simulation));
        _akka = actor ?? throw new ArgumentNullException(nameof(actor));
        Name = actor.Path.Name;
    }

    /// <summary>Unique id in the simulation, stable across restarts (0 for a wrapped foreign actor).</summary>
    public int Id { get; }

    /// <summary>Unique name in the simulation.</summary>
    public string Name { get; }

    /// <summary>The Akka actor behind this handle.</summary>
    public IActorRef Akka => _akka ?? throw new InvalidOperationException($"{Name} is not started.");

    /// <summary>True once the actor has stopped for good; messages told to it become dead letters.</summary>
    public bool IsStopped { get; private set; }

    int? IMailboxOwner.MailboxCapacity => Props?.MailboxCapacity;

    /// <summary>The model actor's recipe; null for a wrapped foreign actor.</summary>
    internal Props<TMsg>? Props { get; }

    /// <summary>Injected faults this actor is subject to (null: none).</summary>
    internal FaultState? Faults { get; }

    internal Simulation Simulation => _simulation;

    /// <inheritdoc />
    public void Tell(TMsg message)
    {
        if (message is null)
        {
            throw new ArgumentNullException(nameof(message), $"A message to {Name} cannot be null (Akka refuses it).");
        }

        if (Props is null)
        {
            Akka.Tell(message, ActorRefs.NoSender);
            return;
        }

        // Counted before the send so the simulation never looks quiet while a message is in flight. The sender mark
        // tells the receiving side it was counted: a raw Akka tell to a model actor (through .Akka, say) was not.
        _simulation.MessageEnqueued();
        _lifecycle?.OnEnqueued(message, Id);
        Akka.Tell(_boxes is null ? message : _boxes.Rent(message), CountedSender);
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    internal void Bind(IActorRef actor) => _akka ??= actor;

    internal void MarkStopped() => IsStopped = true;

    /// <summary>
    /// The sender the typed layer puts on every message it counted as in flight (Akka's Nobody: model actors never
    /// reply to a sender). A message with any other sender reached the actor around the typed layer.
    /// </summary>
    internal static IActorRef CountedSender => ActorRefs.Nobody;

    internal static TMsg Unwrap(object message) => message is MessageBox<TMsg> box ? box.Value : (TMsg)message;

    /// <summary>The actor's Receive threw: account for the message, pick the directive, report.</summary>
    internal Directive Failed(in TMsg message, Exception error)
    {
        var supervision = Props!.Supervisor;
        var directive = supervision.Directive;
        if (directive == Directive.Restart && ++_restarts > supervision.MaxRestarts)
        {
            directive = Directive.Stop;
        }

        // Whatever the message carried is accounted for first, before the instance's state is touched and before
        // anyone's fault handler runs.
        _lifecycle?.OnFaulted(message, Id, Name, error);
        _simulation.ReportFault(new ActorFault(Name, error, directive, _simulation.Clock.NowNanos));
        return directive;
    }

    void IMailboxOwner.Overflowed(object message, IActorRef? sender)
    {
        _simulation.MailboxOverflowed();
        if (message is not MessageBox<TMsg> and not TMsg)
        {
            // Akka's own message (a PoisonPill, say): nothing of the model's rode on it.
            return;
        }

        var value = Take(message);
        if (ReferenceEquals(sender, CountedSender))
        {
            _simulation.MessageDone();
        }

        _lifecycle?.OnMailboxOverflow(value, Id, Name);
    }

    void IMailboxOwner.DeadLettered(object message, IActorRef? sender)
    {
        if (message is not MessageBox<TMsg> and not TMsg)
        {
            return;
        }

        // A dead-lettered box is not recycled: Akka's dead-letter log may still read it.
        var value = Unwrap(message);
        if (ReferenceEquals(sender, CountedSender))
        {
            _simulation.MessageDone();
        }

        _simulation.DeadLetter();
        _lifecycle?.OnDeadLetter(value, Id, Name);
    }

    private static TMsg Take(object message) => message is MessageBox<TMsg> box ? box.Take() : (TMsg)message;
}
