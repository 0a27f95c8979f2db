using ActorStack.Engine;

namespace ActorStack.Softirq.Skb;

/// <summary>
/// A message case that hands one skb to its receiver. It is sent per packet, so it is recycled: a case rents an
/// instance with <see cref="Rent(SkBuff)"/>, and the typed layer returns it once the receiver has handled it.
/// </summary>
/// <typeparam name="TSelf">The message case.</typeparam>
public abstract class SkbMessage<TSelf> : RecycledMessage<TSelf>, ISkbMessage
    where TSelf : SkbMessage<TSelf>
{
    private SkBuff? _skb;

    /// <summary>The skb handed over.</summary>
    public SkBuff Skb => _skb ?? throw new InvalidOperationException($"A recycled {typeof(TSelf).Name} was used after its receiver handled it.");

    SkBuff? ISkbMessage.Skb => _skb;

    /// <summary>A free instance carrying <paramref name="skb"/>; the case sets its own fields on it.</summary>
    protected static TSelf Rent(SkBuff skb)
    {
        ArgumentNullException.ThrowIfNull(skb);
        var message = Rent();
        ((SkbMessage<TSelf>)message)._skb = skb;
        return message;
    }

    /// <inheritdoc />
    protected override void Clear() => _skb = null;

    /// <inheritdoc />
    public override string ToString() => $"{typeof(TSelf).Name}(skb {_skb?.Id})";
}
