namespace ActorStack.Engine;

/// <summary>
/// Accounts for what a message carries when it does not reach normal handling, so nothing is ever lost silently.
/// The model uses this to free an skb with a kernel drop reason.
/// </summary>
public interface IMessageLifecycle<TMsg>
{
    /// <summary>The message is on its way to <paramref name="target"/>'s mailbox: ownership passes to it.</summary>
    void OnEnqueued(in TMsg message, int target);

    /// <summary>A bounded mailbox was full and dropped the message.</summary>
    void OnMailboxOverflow(in TMsg message, int actorId, string actorName);

    /// <summary>The actor threw while handling the message.</summary>
    void OnFaulted(in TMsg message, int actorId, string actorName, Exception error);

    /// <summary>The actor had stopped; Akka delivered the message to dead letters.</summary>
    void OnDeadLetter(in TMsg message, int actorId, string actorName);
}
