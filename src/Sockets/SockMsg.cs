using ActorStack.Engine;
using ActorStack.Softirq.Skb;

namespace ActorStack.Sockets;

/// <summary>What reaches a socket: an skb from the protocol layer, or a reader's recvmsg.</summary>
public readonly record struct SockMsg(SockMsgKind Kind, SkBuff? Skb, ActorRef<AppMsg>? Reader, bool NonBlocking) : ISkbMessage
{
    /// <summary>recvmmsg()'s vlen: datagrams one call may return (1: recvfrom/recvmsg).</summary>
    public int Vlen { get; init; } = 1;

    /// <summary>udp_queue_rcv_skb(): softirq hands an skb to the socket.</summary>
    public static SockMsg Enqueue(SkBuff skb) => new(SockMsgKind.Enqueue, skb, null, false);

    /// <summary>
    /// recvmsg() by <paramref name="reader"/>, or recvmmsg() with MSG_WAITFORONE when <paramref name="vlen"/> &gt; 1
    /// (block for the first datagram, then take what is queued up to vlen); <paramref name="nonBlocking"/> is
    /// MSG_DONTWAIT.
    /// </summary>
    public static SockMsg Recv(ActorRef<AppMsg> reader, bool nonBlocking = false, int vlen = 1) => new(SockMsgKind.Recv, null, reader, nonBlocking) { Vlen = vlen };
}

/// <summary>Kinds of <see cref="SockMsg"/>.</summary>
public enum SockMsgKind
{
    Enqueue,
    Recv,
}
