namespace ActorStack.Softirq.Skb;

/// <summary>A message that may carry an skb (and so transfers its ownership).</summary>
public interface ISkbMessage
{
    /// <summary>The carried skb, or null (the default: a message case without one need not say so).</summary>
    SkBuff? Skb => null;
}
