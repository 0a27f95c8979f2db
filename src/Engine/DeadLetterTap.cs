using Akka.Actor;
using Akka.Event;

namespace ActorStack.Engine;

/// <summary>
/// Subscribed to Akka's event stream for <see cref="DeadLetter"/>: Akka publishes every message it could not deliver
/// (told to a stopped actor, or left in its mailbox when it stopped) on the sender's thread, and this tap hands each
/// one addressed to a model actor back to it synchronously, so what it carried (an skb) is accounted for at once.
/// </summary>
internal sealed class DeadLetterTap : MinimalActorRef
{
    private readonly Simulation _simulation;

    public DeadLetterTap(Simulation simulation, ActorSystem system)
    {
        _simulation = simulation;
        Provider = ((ExtendedActorSystem)system).Provider;
        Path = new RootActorPath(Provider.DefaultAddress) / "deadletter-tap";
    }

    public override IActorRefProvider Provider { get; }

    public override ActorPath Path { get; }

    protected override void TellInternal(object message, IActorRef sender)
    {
        if (message is DeadLetter { Recipient: { } recipient } dead)
        {
            _simulation.OwnerOf(recipient)?.DeadLettered(dead.Message, dead.Sender);
        }
    }
}
