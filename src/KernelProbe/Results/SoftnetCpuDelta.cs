namespace ActorStack.KernelProbe;

/// <summary>The change of one CPU's line of /proc/net/softnet_stat (softnet_seq_show()) over a case.</summary>
public sealed record SoftnetCpuDelta
{
    /// <summary>The CPU (the line's cpu column, or its position on older kernels).</summary>
    public int Cpu { get; init; }

    /// <summary>Column 0: packets taken off this CPU's backlog or NAPI (sd->processed).</summary>
    public long Processed { get; init; }

    /// <summary>Column 1: packets enqueue_to_backlog() dropped because this CPU's backlog was full.</summary>
    public long Dropped { get; init; }

    /// <summary>Column 2: net_rx_action() runs that stopped with work left (budget or time).</summary>
    public long TimeSqueeze { get; init; }

    /// <summary>Column 9: RPS IPIs this CPU received to process its backlog.</summary>
    public long ReceivedRps { get; init; }

    /// <summary>Column 10: packets dropped by the RPS flow limit.</summary>
    public long FlowLimitCount { get; init; }
}
