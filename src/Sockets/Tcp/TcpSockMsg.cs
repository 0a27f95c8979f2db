using ActorStack.Engine;
using ActorStack.Softirq.Skb;

namespace ActorStack.Sockets.Tcp;

/// <summary>
/// What reaches a connected TCP socket (<see cref="TcpSock"/>). Closed: <see cref="TcpSegmentIn"/> from softirq,
/// <see cref="TcpRecv"/> and <see cref="TcpRelease"/> from its owner, and its <see cref="DelackTimer"/>.
/// </summary>
public interface ITcpSockMsg : ISkbMessage;

/// <summary>
/// What reaches a listening TCP socket (<see cref="TcpListenSock"/>). Closed: <see cref="TcpSegmentIn"/> from
/// softirq, <see cref="TcpAccept"/> from a thread, and its <see cref="SynAckTimer"/>.
/// </summary>
public interface ITcpListenMsg : ISkbMessage;

/// <summary>
/// tcp_v4_rcv() after the socket lookup (bh_lock_sock): a segment for this socket, listener or connected, as
/// tcp_v4_do_rcv() takes either. Sent per packet, so recycled.
/// </summary>
public sealed class TcpSegmentIn : SkbMessage<TcpSegmentIn>, ITcpSockMsg, ITcpListenMsg
{
    private TcpSegmentIn()
    {
    }

    /// <summary>The message handing <paramref name="skb"/> to a socket.</summary>
    public static TcpSegmentIn Of(SkBuff skb) => Rent(skb);
}

/// <summary>
/// recvmsg(<see cref="Length"/>) by <see cref="App"/>: lock_sock, then tcp_recvmsg_locked. A thread makes the request
/// once and sends the same one every call.
/// </summary>
public sealed class TcpRecv : ITcpSockMsg
{
    /// <summary>A request by <paramref name="app"/> for up to <paramref name="length"/> bytes.</summary>
    public TcpRecv(ITell<ITcpRecvReply> app, int length, bool nonBlocking = false)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        App = app;
        Length = length;
        NonBlocking = nonBlocking;
    }

    /// <summary>The calling thread.</summary>
    public ITell<ITcpRecvReply> App { get; }

    /// <summary>recvmsg's len.</summary>
    public int Length { get; }

    /// <summary>MSG_DONTWAIT.</summary>
    public bool NonBlocking { get; }

    /// <inheritdoc />
    public override string ToString() => $"TcpRecv({App.Name}, {Length} B{(NonBlocking ? ", MSG_DONTWAIT" : "")})";
}

/// <summary>release_sock() by the owner <see cref="App"/>: drain the backlog, then give the socket up.</summary>
public sealed class TcpRelease : ITcpSockMsg
{
    /// <summary>A release by <paramref name="app"/>.</summary>
    public TcpRelease(ITell<ITcpRecvReply> app) => App = app ?? throw new ArgumentNullException(nameof(app));

    /// <summary>The owning thread.</summary>
    public ITell<ITcpRecvReply> App { get; }

    /// <inheritdoc />
    public override string ToString() => $"TcpRelease({App.Name})";
}

/// <summary>The socket's delayed-ACK timer fired (tcp_delack_timer).</summary>
public sealed class DelackTimer : ITcpSockMsg
{
    private DelackTimer()
    {
    }

    /// <summary>The one instance.</summary>
    public static DelackTimer Instance { get; } = new();

    /// <inheritdoc />
    public override string ToString() => nameof(DelackTimer);
}

/// <summary>accept() by <see cref="App"/> on a listener.</summary>
public sealed class TcpAccept : ITcpListenMsg
{
    /// <summary>An accept() by <paramref name="app"/>.</summary>
    public TcpAccept(ITell<IAcceptReply> app, bool nonBlocking = false)
    {
        App = app ?? throw new ArgumentNullException(nameof(app));
        NonBlocking = nonBlocking;
    }

    /// <summary>The calling thread.</summary>
    public ITell<IAcceptReply> App { get; }

    /// <summary>O_NONBLOCK.</summary>
    public bool NonBlocking { get; }

    /// <inheritdoc />
    public override string ToString() => $"TcpAccept({App.Name}{(NonBlocking ? ", O_NONBLOCK" : "")})";
}

/// <summary>The listener's request-socket timer fired (reqsk_timer_handler: SYN-ACK retransmits).</summary>
public sealed class SynAckTimer : ITcpListenMsg
{
    private SynAckTimer()
    {
    }

    /// <summary>The one instance.</summary>
    public static SynAckTimer Instance { get; } = new();

    /// <inheritdoc />
    public override string ToString() => nameof(SynAckTimer);
}
