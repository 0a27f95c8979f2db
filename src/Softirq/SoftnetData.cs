namespace ActorStack.Softirq;

/// <summary>
/// Per-CPU receive state and the counters of /proc/net/softnet_stat. Written only by the CPU's own actors;
/// read by reports at any time.
/// </summary>
/// <remarks>Kernel: include/linux/netdevice.h struct softnet_data; net/core/net-procfs.c softnet_seq_show().</remarks>
public sealed class SoftnetData
{
    private long _processed;
    private long _timeSqueeze;
    private long _dropped;
    private long _receivedRps;
    private long _flowLimitCount;
    private long _ksoftirqdWakeups;
    private long _ksoftirqdPasses;

    /// <summary>Creates the state of <paramref name="cpu"/>.</summary>
    public SoftnetData(int cpu) => Cpu = cpu;

    /// <summary>The CPU.</summary>
    public int Cpu { get; }

    /// <summary>The NAPIs scheduled on this CPU, polled round-robin (sd->poll_list). Owned by the CPU's poller actor.</summary>
    internal Queue<NapiStruct> PollList { get; } = new();

    /// <summary>Column 1: passes through __netif_receive_skb_core().</summary>
    public long Processed => Interlocked.Read(ref _processed);

    /// <summary>Column 3: net_rx_action() ran out of budget or time.</summary>
    public long TimeSqueeze => Interlocked.Read(ref _timeSqueeze);

    /// <summary>Column 2: enqueue_to_backlog() drops (backlog full or flow limit) on this CPU's backlog.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Column 10: RPS IPIs received.</summary>
    public long ReceivedRps => Interlocked.Read(ref _receivedRps);

    /// <summary>Column 11: flow-limit drops decided by this CPU.</summary>
    public long FlowLimitCount => Interlocked.Read(ref _flowLimitCount);

    /// <summary>The backlog, for the queue-length columns (12, 14, 15); set when the CPU's softirq side is built.</summary>
    internal Rps.BacklogNapi? Backlog { get; set; }

    /// <summary>Times the inline softirq gave up and woke ksoftirqd (not a softnet_stat column; reported beside it).</summary>
    public long KsoftirqdWakeups => Interlocked.Read(ref _ksoftirqdWakeups);

    /// <summary>net_rx_action passes run by ksoftirqd.</summary>
    public long KsoftirqdPasses => Interlocked.Read(ref _ksoftirqdPasses);

    internal void IncKsoftirqdWakeups() => Interlocked.Increment(ref _ksoftirqdWakeups);

    internal void IncKsoftirqdPasses() => Interlocked.Increment(ref _ksoftirqdPasses);

    internal void IncDropped() => Interlocked.Increment(ref _dropped);

    internal void IncReceivedRps() => Interlocked.Increment(ref _receivedRps);

    internal void IncFlowLimitCount() => Interlocked.Increment(ref _flowLimitCount);

    // Interlocked although one writer: reports read from other threads and must never see a torn value.
    internal void IncProcessed() => Interlocked.Increment(ref _processed);

    internal void IncTimeSqueeze() => Interlocked.Increment(ref _timeSqueeze);

    /// <summary>This CPU's line of /proc/net/softnet_stat: 15 %08x columns, as since 6.4.</summary>
    public string FormatLine()
    {
        int input = Backlog?.InputQueueLength ?? 0;
        int process = Backlog?.ProcessQueueLength ?? 0;
        // Columns 4-9 are legacy fields the kernel prints as 0.
        return string.Join(' ', new long[]
        {
            Processed, Dropped, TimeSqueeze, 0, 0, 0, 0, 0, 0, ReceivedRps, FlowLimitCount, input + process, Cpu, input, process,
        }.Select(v => ((uint)v).ToString("x8", System.Globalization.CultureInfo.InvariantCulture)));
    }
}
