using ActorStack.Softirq.Skb;

namespace ActorStack.Sockets;

/// <summary>
/// What reaches a thread looping on recvfrom()/recvmmsg() (<see cref="UdpReceiverApp"/>). Closed: <see cref="Start"/>,
/// the socket's answers (<see cref="IUdpRecvReply"/>: <see cref="Datagram"/>, <see cref="Again"/>,
/// <see cref="Wakeup"/>) and its own <see cref="BusyPoll"/> turns.
/// </summary>
public interface IUdpReaderMsg : ISkbMessage;
