namespace ActorStack.Softirq.Skb;

/// <summary>A message that may carry an skb (and so transfers its ownership).</summary>
public interface ISkbMessage
{
    /// <summary>The carried skb, or null.</summary>
    SkBuff? Skb { get; }
}
