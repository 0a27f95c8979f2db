using ActorStack.Softirq.Skb;

namespace ActorStack.Sockets;

/// <summary>
/// What reaches an event-loop thread (<see cref="EventLoopApp"/>). Closed: <see cref="Start"/>, the sockets' answers
/// to its non-blocking reads (<see cref="IUdpRecvReply"/>), the <see cref="Wakeup"/> its select/poll/epoll sleep ends
/// with, and its own <see cref="ScanDone"/>.
/// </summary>
public interface IEventLoopMsg : ISkbMessage;
