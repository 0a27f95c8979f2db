namespace ActorStack.Sockets.Poll;

/// <summary>One struct epoll_event returned by epoll_wait(): the descriptor and its ready events.</summary>
public readonly record struct EpollEvent(int Fd, PollEvents Events);
