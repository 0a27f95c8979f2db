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
}
