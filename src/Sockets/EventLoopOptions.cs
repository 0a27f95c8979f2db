using ActorStack.Sockets.Poll;

namespace ActorStack.Sockets;

/// <summary>How an event-loop thread waits and reads.</summary>
public sealed record EventLoopOptions
{
    /// <summary>select, poll or epoll (<see cref="WaitMode.Block"/> is not an event loop).</summary>
    public WaitMode Mode { get; init; } = WaitMode.Epoll;

    /// <summary>epoll: EPOLLET / EPOLLONESHOT / EPOLLEXCLUSIVE added to EPOLLIN for every item.</summary>
    public PollEvents EpollFlags { get; init; }

    /// <summary>epoll_wait()'s maxevents.</summary>
    public int MaxEvents { get; init; } = 64;

    /// <summary>Datagrams per read call: 1 is recvfrom(), more is recvmmsg(vlen).</summary>
    public int Vlen { get; init; } = 1;

    /// <summary>Where the thread counts its waiting.</summary>
    public WaitStats Stats { get; init; } = new();
}
