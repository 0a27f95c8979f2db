namespace ActorStack.Sockets;

/// <summary>
/// How a UDP socket answers recvmsg(): a <see cref="Datagram"/>, <see cref="Again"/> (-EAGAIN), or, for a reader that
/// blocked, the <see cref="Wakeup"/> from the socket's wait queue. Both kinds of UDP reading thread take all of them.
/// </summary>
public interface IUdpRecvReply : IUdpReaderMsg, IEventLoopMsg;
