namespace ActorStack.Engine;

/// <summary>
/// What a sender needs of a receiver: somewhere to tell messages of type <typeparamref name="TMsg"/>. Contravariant, so
/// the handle of an actor that accepts several protocols serves as the handle for each one: a UDP reader thread's
/// <c>ActorRef&lt;IUdpReaderMsg&gt;</c> is the <c>ITell&lt;IUdpRecvReply&gt;</c> a socket answers recvmsg() on, and the
/// <c>ITell&lt;Wakeup&gt;</c> its wait queue wakes.
/// </summary>
/// <typeparam name="TMsg">The messages this handle takes.</typeparam>
public interface ITell<in TMsg>
{
    /// <summary>The receiver's unique name in the simulation.</summary>
    string Name { get; }

    /// <summary>Enqueues <paramref name="message"/>. Ownership of anything it carries passes to the receiver.</summary>
    void Tell(TMsg message);
}
