using Akka.Actor;

namespace ActorStack.Engine;

/// <summary>
/// What a simulated mailbox asks of the typed actor it belongs to, for the messages that never reach its Receive:
/// capacity, and accounting for what a dropped or dead-lettered message carried (the model frees an skb with a kernel
/// drop reason).
/// </summary>
internal interface IMailboxOwner
{
    /// <summary>The actor's id (spawn order).</summary>
    int Id { get; }

    /// <summary>Mailbox capacity; null: unbounded.</summary>
    int? MailboxCapacity { get; }

    /// <summary>A full bounded mailbox refused <paramref name="message"/>, sent by <paramref name="sender"/>.</summary>
    void Overflowed(object message, IActorRef? sender);

    /// <summary>Akka delivered <paramref name="message"/>, sent by <paramref name="sender"/>, to dead letters (the actor had stopped).</summary>
    void DeadLettered(object message, IActorRef? sender);
}
