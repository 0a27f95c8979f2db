using ActorStack.Engine;
using ActorStack.Softirq.Skb;

namespace ActorStack.Sockets.Tcp;

/// <summary>What reaches a TCP socket actor.</summary>
public readonly record struct TcpMsg(TcpMsgKind Kind, SkBuff? Skb, ActorRef<AppMsg>? App, int Bytes, bool NonBlocking) : ISkbMessage
{
    /// <summary>tcp_v4_rcv() after the lookup (bh_lock_sock): a segment for this socket.</summary>
    public static TcpMsg Segment(SkBuff skb) => new(TcpMsgKind.Segment, skb, null, 0, false);

    /// <summary>recvmsg(len) by <paramref name="app"/>: lock_sock, then tcp_recvmsg_locked.</summary>
    public static TcpMsg Recv(ActorRef<AppMsg> app, int len, bool nonBlocking = false) => new(TcpMsgKind.Recv, null, app, len, nonBlocking);

    /// <summary>release_sock() by the owner: drain the backlog, then give the socket up.</summary>
    public static TcpMsg Release(ActorRef<AppMsg> app) => new(TcpMsgKind.Release, null, app, 0, false);

    /// <summary>accept() on a listener.</summary>
    public static TcpMsg Accept(ActorRef<AppMsg> app, bool nonBlocking = false) => new(TcpMsgKind.Accept, null, app, 0, nonBlocking);

    /// <summary>The socket's own timer fired (delayed ACK, SYN-ACK retransmit).</summary>
    public static TcpMsg Timer => new(TcpMsgKind.Timer, null, null, 0, false);
}

/// <summary>Kinds of <see cref="TcpMsg"/>.</summary>
public enum TcpMsgKind
{
    Segment,
    Recv,
    Release,
    Accept,
    Timer,
}
