namespace ActorStack.Sockets.Poll;

/// <summary>Poll/epoll event bits (include/uapi/linux/eventpoll.h).</summary>
[Flags]
public enum PollEvents : uint
{
    None = 0,
    In = 0x001,
    Pri = 0x002,
    Out = 0x004,
    Err = 0x008,
    Hup = 0x010,
    RdNorm = 0x040,
    RdBand = 0x080,

    /// <summary>The key sock_def_readable() wakes with.</summary>
    Readable = In | Pri | RdNorm | RdBand,

    /// <summary>What select() asks for a descriptor in its read set (POLLIN_SET, fs/select.c).</summary>
    SelectReadSet = RdNorm | RdBand | In | Hup | Err,

    /// <summary>EPOLLEXCLUSIVE: the epoll item's wait-queue entry is exclusive (one of the watchers is woken).</summary>
    EpollExclusive = 1u << 28,

    /// <summary>EPOLLONESHOT: the item is disabled after one report until EPOLL_CTL_MOD re-arms it.</summary>
    EpollOneShot = 1u << 30,

    /// <summary>EPOLLET: edge triggered, the item is not put back on the ready list after a report.</summary>
    EpollEt = 1u << 31,

    /// <summary>EP_PRIVATE_BITS: flags, not events.</summary>
    EpollPrivate = EpollExclusive | EpollOneShot | EpollEt | (1u << 29),
}
