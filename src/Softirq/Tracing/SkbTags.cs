namespace ActorStack.Softirq.Tracing;

/// <summary>Span attribute keys, reused as Serilog property names so logs and traces line up.</summary>
public static class SkbTags
{
    public const string SourceName = "ActorStack";
    public const string SkbId = "skb.id";
    public const string Cpu = "cpu";
    public const string RxQueue = "rx_queue";
    public const string Len = "len";
    public const string Truesize = "truesize";
    public const string DropReason = "drop.reason";
    public const string DropEvent = "kfree_skb";
    public const string Device = "dev";
    public const string Socket = "sock";
}
