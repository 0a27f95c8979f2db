using ActorStack.Softirq.Skb;

namespace ActorStack.Softirq;

/// <summary>
/// What a driver running on a CPU's softirq side may call: napi_schedule, napi_complete_done, napi_gro_receive.
/// One per CPU; used only from that CPU's poller actor.
/// </summary>
public sealed class NapiContext
{
    private readonly NetifReceiveSkb _receive;

    internal NapiContext(NetStack stack, int cpu)
    {
        Stack = stack;
        Cpu = cpu;
        Softnet = stack.Softnet[cpu];
        _receive = new NetifReceiveSkb(stack, Softnet);
    }

    /// <summary>The kernel state.</summary>
    public NetStack Stack { get; }

    /// <summary>This CPU.</summary>
    public int Cpu { get; }

    /// <summary>This CPU's softnet_data.</summary>
    public SoftnetData Softnet { get; }

    /// <summary>True while NET_RX_SOFTIRQ is pending on this CPU.</summary>
    internal bool SoftirqPending { get; set; }

    /// <summary>True while net_rx_action runs (sd->in_net_rx_action): scheduling then needs no new raise.</summary>
    internal bool InNetRxAction { get; set; }

    /// <summary>
    /// napi_schedule(): napi_schedule_prep() claims NAPI_STATE_SCHED (or records MISSED if already set), then the
    /// NAPI joins the tail of this CPU's poll_list and NET_RX_SOFTIRQ is raised.
    /// </summary>
    /// <returns>True if this call scheduled it.</returns>
    public bool NapiSchedule(NapiStruct napi)
    {
        ArgumentNullException.ThrowIfNull(napi);
        if (napi.IsScheduled)
        {
            napi.Missed = true;
            return false;
        }

        napi.IsScheduled = true;
        Softnet.PollList.Enqueue(napi);
        if (!InNetRxAction)
        {
            SoftirqPending = true;
        }

        return true;
    }

    /// <summary>
    /// napi_complete_done(): the driver finished under budget. Clears NAPI_STATE_SCHED; if an interrupt was missed
    /// meanwhile, reschedules and returns false (the driver must then keep its interrupt masked).
    /// </summary>
    /// <returns>True if the driver may re-enable its interrupt.</returns>
    public bool CompleteDone(NapiStruct napi, int workDone)
    {
        ArgumentNullException.ThrowIfNull(napi);
        ArgumentOutOfRangeException.ThrowIfNegative(workDone);
        // GRO would be flushed here; gro_flush_timeout / napi_defer_hard_irqs (default 0) are not modelled yet.
        napi.IsScheduled = false;
        if (napi.Missed)
        {
            napi.Missed = false;
            NapiSchedule(napi);
            return false;
        }

        return true;
    }

    /// <summary>napi_gro_receive(): GRO is not modelled yet, so every skb goes straight to netif_receive_skb.</summary>
    public void GroReceive(SkBuff skb) => _receive.Receive(skb, Cpu);
}
