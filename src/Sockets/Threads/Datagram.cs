using ActorStack.Softirq.Skb;

namespace ActorStack.Sockets;

/// <summary>
/// A datagram udp_recvmsg() dequeued for the reader (ownership of the skb passes to it): the <see cref="Index"/>th of
/// its call, with <see cref="More"/> following (recvmmsg). Sent per packet, so recycled.
/// </summary>
public sealed class Datagram : SkbMessage<Datagram>, IUdpRecvReply
{
    private Datagram()
    {
    }

    /// <summary>Position in its recvmmsg() call (0: the first, or a plain recvfrom).</summary>
    public int Index { get; private set; }

    /// <summary>recvmmsg(): more datagrams of the same call follow this one.</summary>
    public bool More { get; private set; }

    /// <summary>A datagram message for <paramref name="skb"/>.</summary>
    public static Datagram Of(SkBuff skb, int index = 0, bool more = false)
    {
        var message = Rent(skb);
        message.Index = index;
        message.More = more;
        return message;
    }
}
