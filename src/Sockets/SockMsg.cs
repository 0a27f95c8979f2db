using ActorStack.Actors;
using ActorStack.Softirq.Skb;

namespace ActorStack.Sockets;

/// <summary>What reaches a socket: an skb from the protocol layer, or a reader's recvmsg.</summary>
public readonly record struct SockMsg(SockMsgKind Kind, SkBuff? Skb, ActorRef<AppMsg>? Reader, bool NonBlocking) : ISkbMessage
{
    /// <summary>udp_queue_rcv_skb(): softirq hands an skb to the socket.</summary>
    public static SockMsg Enqueue(SkBuff skb) => new(SockMsgKind.Enqueue, skb, null, false);

    /// <summary>recvmsg() by <paramref name="reader"/>; <paramref name="nonBlocking"/> is MSG_DONTWAIT.</summary>
    public static SockMsg Recv(ActorRef<AppMsg> reader, bool nonBlocking = false) => new(SockMsgKind.Recv, null, reader, nonBlocking);
}

/// <summary>Kinds of <see cref="SockMsg"/>.</summary>
public enum SockMsgKind
{
    Enqueue,
    Recv,
}
