using ActorStack.Softirq.Skb;

namespace ActorStack.Sockets;

/// <summary>What reaches an application thread: start, a datagram handed out by recvmsg, a wakeup, or EAGAIN.</summary>
public readonly record struct AppMsg(AppMsgKind Kind, SkBuff? Skb) : ISkbMessage
{
    /// <summary>TCP: the bytes tcp_recvmsg took (the thread owns the socket until it releases it).</summary>
    public Tcp.TcpReadBatch? Batch { get; init; }

    /// <summary>TCP: skbs __release_sock() processed from the backlog, paid by the owning thread.</summary>
    public int Count { get; init; }

    /// <summary>TCP: the connection accept() returned.</summary>
    public Tcp.TcpConnection? Connection { get; init; }

    /// <summary>tcp_recvmsg() took bytes; the socket stays owned until release_sock.</summary>
    public static AppMsg TcpData(Tcp.TcpReadBatch batch) => new(AppMsgKind.TcpData, null) { Batch = batch };

    /// <summary>The owner must process <paramref name="count"/> backlog skbs before the socket is released.</summary>
    public static AppMsg Backlog(int count) => new(AppMsgKind.Backlog, null) { Count = count };

    /// <summary>release_sock() finished: the socket is no longer owned.</summary>
    public static AppMsg Released => new(AppMsgKind.Released, null);

    /// <summary>accept() returned a connection.</summary>
    public static AppMsg Accepted(Tcp.TcpConnection connection) => new(AppMsgKind.Accepted, null) { Connection = connection };

    /// <summary>Start running.</summary>
    public static AppMsg Start => new(AppMsgKind.Start, null);

    /// <summary>recvmmsg(): more datagrams of the same call follow this one.</summary>
    public bool More { get; init; }

    /// <summary>
    /// A datagram dequeued for the reader (ownership passes to it): the <paramref name="index"/>th of its call, with
    /// <paramref name="more"/> following.
    /// </summary>
    public static AppMsg Datagram(SkBuff skb, int index = 0, bool more = false) => new(AppMsgKind.Datagram, skb) { Count = index, More = more };

    /// <summary>sk_data_ready woke the blocked reader.</summary>
    public static AppMsg Wakeup => new(AppMsgKind.Wakeup, null);

    /// <summary>A select/poll scan or epoll harvest's CPU time has passed: sleep now unless a wakeup came meanwhile.</summary>
    public static AppMsg ScanDone => new(AppMsgKind.ScanDone, null);

    /// <summary>A busy-polling reader's next turn of napi_busy_loop (the CPU's softirq-level work ran in between).</summary>
    public static AppMsg BusyPoll => new(AppMsgKind.BusyPoll, null);

    /// <summary>Non-blocking recv found nothing (-EAGAIN).</summary>
    public static AppMsg Again => new(AppMsgKind.Again, null);
}

/// <summary>Kinds of <see cref="AppMsg"/>.</summary>
public enum AppMsgKind
{
    Start,
    Datagram,
    Wakeup,
    Again,
    TcpData,
    Backlog,
    Released,
    Accepted,
    ScanDone,
    BusyPoll,
}
