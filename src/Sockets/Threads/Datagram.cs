using ActorStack.Engine;
using ActorStack.Softirq.Skb;

namespace ActorStack.Sockets;

/// <summary>
/// A datagram udp_recvmsg() dequeued for the reader (ownership of the skb passes to it): the <see cref="Index"/>th of
/// its call, with <see cref="More"/> following (recvmmsg). Sent per packet, so recycled.
/// </summary>
public sealed class Datagram : IUdpRecvReply, IRecycledMessage
{
    private static readonly MessagePool<Datagram> Pool = new(() => new Datagram());
    private SkBuff? _skb;

    private Datagram()
    {
    }

    /// <summary>The datagram.</summary>
    public SkBuff Skb => _skb ?? throw new InvalidOperationException("A recycled Datagram was used after its receiver handled it.");

    /// <summary>Position in its recvmmsg() call (0: the first, or a plain recvfrom).</summary>
    public int Index { get; private set; }

    /// <summary>recvmmsg(): more datagrams of the same call follow this one.</summary>
    public bool More { get; private set; }

    SkBuff? ISkbMessage.Skb => _skb;

    /// <summary>A datagram message for <paramref name="skb"/>.</summary>
    public static Datagram Of(SkBuff skb, int index = 0, bool more = false)
    {
        ArgumentNullException.ThrowIfNull(skb);
        var message = Pool.Rent();
        message._skb = skb;
        message.Index = index;
        message.More = more;
        return message;
    }

    void IRecycledMessage.Recycle()
    {
        if (_skb is null)
        {
            throw new InvalidOperationException("A Datagram message was recycled twice (told to two receivers?).");
        }

        _skb = null;
        Pool.Return(this);
    }

    /// <inheritdoc />
    public override string ToString() => $"Datagram(skb {_skb?.Id}, #{Index}{(More ? ", more" : "")})";
}
