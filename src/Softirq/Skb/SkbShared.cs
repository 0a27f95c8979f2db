namespace ActorStack.Softirq.Skb;

/// <summary>
/// The data area of an skb and its dataref count (skb_shared_info.dataref): clones share it,
/// and the buffer goes back to the pool when the last reference is freed.
/// </summary>
internal sealed class SkbShared
{
    public byte[] Buffer = [];
    public int DataRef;
}
