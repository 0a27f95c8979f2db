using ActorStack.Softirq.Skb;

namespace ActorStack.Sockets.Tcp;

/// <summary>
/// What reaches a TCP reader thread (<see cref="TcpReaderApp"/>). Closed: <see cref="Start"/>, the listener's answers
/// to accept() (<see cref="IAcceptReply"/>), the connection's answers to recvmsg() and release_sock()
/// (<see cref="ITcpRecvReply"/>), and its own <see cref="ScanDone"/> and <see cref="BusyPoll"/> turns.
/// </summary>
public interface ITcpReaderMsg : ISkbMessage;

/// <summary>
/// How a TCP socket answers its owner: <see cref="TcpData"/>, <see cref="TcpBacklog"/>, <see cref="TcpReleased"/>,
/// <see cref="Again"/>, or, for a reader that blocked in sk_wait_data, <see cref="Wakeup"/>.
/// </summary>
public interface ITcpRecvReply : ITcpReaderMsg;

/// <summary>How a listener answers accept(): <see cref="TcpAccepted"/>, <see cref="Again"/>, or <see cref="Wakeup"/>.</summary>
public interface IAcceptReply : ITcpReaderMsg;
