using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace ActorStack.Engine.Deterministic;

/// <summary>
/// mailbox-type of the deterministic dispatchers. Akka makes one per dispatcher id with that dispatcher's config, so
/// each queue knows its actor's placement.
/// </summary>
public sealed class TimedMailboxType : MailboxType, IProducesMessageQueue<IMessageQueue>
{
    private readonly Placement _placement;

    /// <summary>Called by Akka.</summary>
    public TimedMailboxType(Settings settings, Config config)
        : base(settings, config)
    {
        _placement = Placement.FromConfig(config);
    }

    /// <inheritdoc />
    public override IMessageQueue Create(IActorRef owner, ActorSystem system)
    {
        var simulation = Simulation.Of(system);
        bool isRoot = owner.Path.Parent is { Name: "user" } && owner.Path.Name == Simulation.RootName;
        return new TimedMessageQueue(simulation.Engine!, owner.Path.Name, _placement, simulation.OwnerOf(owner), isRoot);
    }
}
