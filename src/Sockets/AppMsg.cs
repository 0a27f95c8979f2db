using ActorStack.Softirq.Skb;

namespace ActorStack.Sockets;

/// <summary>What reaches an application thread: start, a datagram handed out by recvmsg, a wakeup, or EAGAIN.</summary>
public readonly record struct AppMsg(AppMsgKind Kind, SkBuff? Skb) : ISkbMessage
{
    /// <summary>Start running.</summary>
    public static AppMsg Start => new(AppMsgKind.Start, null);

    /// <summary>A datagram dequeued for the reader (ownership passes to it).</summary>
    public static AppMsg Datagram(SkBuff skb) => new(AppMsgKind.Datagram, skb);

    /// <summary>sk_data_ready woke the blocked reader.</summary>
    public static AppMsg Wakeup => new(AppMsgKind.Wakeup, null);

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
}
