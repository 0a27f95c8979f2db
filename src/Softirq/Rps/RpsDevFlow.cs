namespace ActorStack.Softirq.Rps;

/// <summary>struct rps_dev_flow: the CPU a flow is steered to on one RX queue, and where its last packet was queued.</summary>
public sealed class RpsDevFlow
{
    /// <summary>The CPU, or -1 (RPS_NO_CPU).</summary>
    public int Cpu { get; internal set; } = -1;

    /// <summary>The target backlog's input_queue_tail after this flow's last enqueue.</summary>
    public long LastQtail { get; internal set; }
}
