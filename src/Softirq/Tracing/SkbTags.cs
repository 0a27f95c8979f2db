namespace ActorStack.Softirq.Tracing;

/// <summary>
/// Span attribute keys, also the Serilog property names of the kernel log, so a log line and a span of the same
/// packet carry the same fields. Named after the kernel's tracepoint fields (skb, saddr, sport, reason ...), and
/// plain identifiers so message templates can use them.
/// </summary>
public static class SkbTags
{
    public const string SourceName = "ActorStack";
    public const string SkbId = "skb_id";
    public const string Cpu = "cpu";
    public const string RxQueue = "rx_queue";
    public const string Len = "len";
    public const string Truesize = "truesize";
    public const string DropReason = "reason";
    public const string DropEvent = "kfree_skb";
    public const string Device = "dev";
    public const string Socket = "sk";
    public const string Saddr = "saddr";
    public const string Daddr = "daddr";
    public const string Sport = "sport";
    public const string Dport = "dport";
    public const string Protocol = "protocol";
    public const string RingUsed = "ring_used";
    public const string RingSize = "ring_size";
    public const string BacklogQlen = "backlog_qlen";
    public const string RpsCpu = "rps_cpu";
    public const string SkRmemAlloc = "sk_rmem_alloc";
    public const string SkRcvbuf = "sk_rcvbuf";
    public const string SkQueueLen = "sk_receive_queue_len";
    public const string GroHeld = "gro_held";
    public const string GroSegs = "gro_segs";
    public const string GsoSize = "gso_size";
    public const string Budget = "budget";
    public const string NapiId = "napi_id";
    public const string BusyPoll = "busy_poll";
}
