using ActorStack.Sockets.Tcp;

namespace ActorStack.Sockets;

/// <summary>The thread is scheduled for the first time (or migrated here): start its loop.</summary>
public sealed class Start : IUdpReaderMsg, IEventLoopMsg, ITcpReaderMsg
{
    private Start()
    {
    }

    /// <summary>The one instance (it carries nothing).</summary>
    public static Start Instance { get; } = new();

    /// <inheritdoc />
    public override string ToString() => nameof(Start);
}

/// <summary>
/// A wait-queue entry woke the sleeping thread (sk_data_ready, a listener's new connection, a select/poll/epoll
/// wakeup): it is switched back in.
/// </summary>
public sealed class Wakeup : IUdpRecvReply, ITcpRecvReply, IAcceptReply, IEventLoopMsg
{
    private Wakeup()
    {
    }

    /// <summary>The one instance.</summary>
    public static Wakeup Instance { get; } = new();

    /// <inheritdoc />
    public override string ToString() => nameof(Wakeup);
}

/// <summary>-EAGAIN: a non-blocking call found nothing.</summary>
public sealed class Again : IUdpRecvReply, ITcpRecvReply, IAcceptReply
{
    private Again()
    {
    }

    /// <summary>The one instance.</summary>
    public static Again Instance { get; } = new();

    /// <inheritdoc />
    public override string ToString() => nameof(Again);
}

/// <summary>A select/poll scan's or epoll harvest's CPU time has passed: sleep now unless a wakeup came meanwhile.</summary>
public sealed class ScanDone : IEventLoopMsg, ITcpReaderMsg
{
    private ScanDone()
    {
    }

    /// <summary>The one instance.</summary>
    public static ScanDone Instance { get; } = new();

    /// <inheritdoc />
    public override string ToString() => nameof(ScanDone);
}

/// <summary>A busy-polling reader's next turn of napi_busy_loop (the CPU's softirq-level work ran in between).</summary>
public sealed class BusyPoll : IUdpReaderMsg, ITcpReaderMsg
{
    private BusyPoll()
    {
    }

    /// <summary>The one instance.</summary>
    public static BusyPoll Instance { get; } = new();

    /// <inheritdoc />
    public override string ToString() => nameof(BusyPoll);
}
