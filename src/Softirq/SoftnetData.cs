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

    // Interlocked although one writer: reports read from other threads and must never see a torn value.
    internal void IncProcessed() => Interlocked.Increment(ref _processed);

    internal void IncTimeSqueeze() => Interlocked.Increment(ref _timeSqueeze);

    /// <summary>This CPU's line of /proc/net/softnet_stat: 15 %08x columns, as since 6.4.</summary>
    public string FormatLine()
    {
        // The backlog, RPS and flow limit are not modelled yet, so dropped (2), received_rps (10), flow_limit_count (11)
        // and the queue lengths (12, 14, 15) are 0, as on a kernel where none of them ever happened.
        return string.Join(' ', new long[]
        {
            Processed, 0, TimeSqueeze, 0, 0, 0, 0, 0, 0, 0, 0, 0, Cpu, 0, 0,
        }.Select(v => ((uint)v).ToString("x8", System.Globalization.CultureInfo.InvariantCulture)));
    }
}
