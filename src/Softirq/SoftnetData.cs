namespace ActorStack.Softirq;

/// <summary>
/// Per-CPU receive state and the counters of /proc/net/softnet_stat. Written only by the CPU's own actors;
/// read by reports at any time.
/// </summary>
/// <remarks>Kernel: include/linux/netdevice.h struct softnet_data; net/core/net-procfs.c softnet_seq_show().</remarks>
public sealed class SoftnetData
{
    private long _processed;
    private long _dropped;
    private long _timeSqueeze;
    private long _receivedRps;
    private long _flowLimitCount;
    private long _inputQueueLength;
    private long _processQueueLength;

    /// <summary>Creates the state of <paramref name="cpu"/>.</summary>
    public SoftnetData(int cpu) => Cpu = cpu;

    /// <summary>The CPU.</summary>
    public int Cpu { get; }

    /// <summary>The NAPIs scheduled on this CPU, polled round-robin (sd->poll_list). Owned by the CPU's poller actor.</summary>
    internal Queue<NapiStruct> PollList { get; } = new();

    /// <summary>Column 1: passes through __netif_receive_skb_core().</summary>
    public long Processed => Interlocked.Read(ref _processed);

    /// <summary>Column 2: enqueue_to_backlog() drops.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Column 3: net_rx_action() ran out of budget or time.</summary>
    public long TimeSqueeze => Interlocked.Read(ref _timeSqueeze);

    /// <summary>Column 10: RPS IPIs received.</summary>
    public long ReceivedRps => Interlocked.Read(ref _receivedRps);

    /// <summary>Column 11: flow-limit drops.</summary>
    public long FlowLimitCount => Interlocked.Read(ref _flowLimitCount);

    /// <summary>Column 14: input_pkt_queue length.</summary>
    public long InputQueueLength => Interlocked.Read(ref _inputQueueLength);

    /// <summary>Column 15: process_queue length.</summary>
    public long ProcessQueueLength => Interlocked.Read(ref _processQueueLength);

    // Interlocked although one writer: reports read from other threads and must never see a torn value.
    internal void IncProcessed() => Interlocked.Increment(ref _processed);

    internal void IncDropped() => Interlocked.Increment(ref _dropped);

    internal void IncTimeSqueeze() => Interlocked.Increment(ref _timeSqueeze);

    internal void IncReceivedRps() => Interlocked.Increment(ref _receivedRps);

    internal void IncFlowLimitCount() => Interlocked.Increment(ref _flowLimitCount);

    internal void SetQueueLengths(long input, long process)
    {
        Interlocked.Exchange(ref _inputQueueLength, input);
        Interlocked.Exchange(ref _processQueueLength, process);
    }

    /// <summary>This CPU's line of /proc/net/softnet_stat: 15 %08x columns, as since 6.4.</summary>
    public string FormatLine()
    {
        long backlog = InputQueueLength + ProcessQueueLength;
        return string.Join(' ', new[]
        {
            Processed, Dropped, TimeSqueeze, 0, 0, 0, 0, 0, 0, ReceivedRps, FlowLimitCount, backlog, Cpu,
            InputQueueLength, ProcessQueueLength,
        }.Select(v => ((uint)v).ToString("x8", System.Globalization.CultureInfo.InvariantCulture)));
    }
}
