using ActorStack.Engine;
using ActorStack.Softirq.Rps;
using ActorStack.Softirq.Skb;

namespace ActorStack.Softirq;

/// <summary>
/// One CPU's softirq side: its softnet_data, the NET_RX pending bit, the softirq restart state, and the actors that
/// run on the CPU's behalf (hard IRQ handler, inline softirq, ksoftirqd). What a driver may call lives here too:
/// napi_schedule, napi_complete_done, napi_gro_receive. Touched only by this CPU's actors, one at a time.
/// </summary>
public sealed class NapiContext
{
    private readonly NetifReceiveSkb _receive;
    private ICpuContext? _runner;

    internal NapiContext(NetStack stack, int cpu)
    {
        Stack = stack;
        Cpu = cpu;
        Softnet = stack.Softnet[cpu];
        _receive = new NetifReceiveSkb(stack, this);
        Backlog = new BacklogNapi(stack, this);
        NetRx = new NetRxAction(this);
    }

    /// <summary>This CPU's net_rx_action.</summary>
    internal NetRxAction NetRx { get; }

    /// <summary>The kernel state.</summary>
    public NetStack Stack { get; }

    /// <summary>This CPU.</summary>
    public int Cpu { get; }

    /// <summary>This CPU's softnet_data.</summary>
    public SoftnetData Softnet { get; }

    /// <summary>This CPU's backlog NAPI (process_backlog) and its input_pkt_queue.</summary>
    public BacklogNapi Backlog { get; }

    /// <summary>The CPU's hard IRQ handler actor.</summary>
    public ActorRef<IrqMsg> HardIrq { get; internal set; } = null!;

    /// <summary>The inline softirq actor (irq_exit → invoke_softirq).</summary>
    public ActorRef<SoftirqMsg> Softirq { get; internal set; } = null!;

    /// <summary>ksoftirqd/N.</summary>
    public ActorRef<SoftirqMsg> Ksoftirqd { get; internal set; } = null!;

    /// <summary>NET_RX_SOFTIRQ pending on this CPU.</summary>
    internal bool Pending { get; set; }

    /// <summary>A NetRx message is on its way to the inline softirq actor (no need to send another).</summary>
    internal bool RaiseQueued { get; set; }

    /// <summary>True while net_rx_action runs (sd->in_net_rx_action): scheduling then needs no new raise.</summary>
    internal bool InNetRxAction { get; set; }

    /// <summary>ksoftirqd is awake (runnable) on this CPU.</summary>
    internal bool KsoftirqdAwake { get; set; }

    /// <summary>A handle_softirqs() run with restarts left is in progress on the inline side.</summary>
    internal bool SoftirqRunActive { get; set; }

    /// <summary>That run's deadline in jiffies (jiffies + MAX_SOFTIRQ_TIME at its start).</summary>
    internal long SoftirqDeadline { get; set; }

    /// <summary>That run's restarts left (MAX_SOFTIRQ_RESTART = 10 at its start).</summary>
    internal int SoftirqRestartsLeft { get; set; }

    /// <summary>sd->rps_ipi_list: CPUs whose backlog this CPU scheduled, to IPI at the end of net_rx_action.</summary>
    internal List<NapiContext> RpsIpiList { get; } = new();

    /// <summary>The model time as this CPU's running actor sees it.</summary>
    public long NowNanos => _runner?.Clock.NowNanos ?? Stack.Clock.NowNanos;

    /// <summary>
    /// Makes <paramref name="actor"/> the one whose CPU time pays for this CPU's work until <see cref="Leave"/>;
    /// returns the previous one, since a hard IRQ can nest inside a softirq turn in live mode.
    /// </summary>
    internal ICpuContext? Enter(ICpuContext actor)
    {
        var previous = _runner;
        _runner = actor;
        return previous;
    }

    /// <summary>Leaves what <see cref="Enter"/> entered.</summary>
    internal void Leave(ICpuContext? previous) => _runner = previous;

    /// <summary>Charges <paramref name="nanos"/> of CPU time to whatever this CPU is running.</summary>
    public void Spend(long nanos) => _runner?.Spend(nanos);

    /// <summary>
    /// raise_softirq_irqoff(NET_RX_SOFTIRQ) from hard IRQ context: the softirq runs on irq_exit. Since 6.5 (revert of
    /// "softirq: Let ksoftirqd do its job") that happens even while ksoftirqd is awake.
    /// </summary>
    internal void RaiseSoftirq()
    {
        Pending = true;
        if (!InNetRxAction && !RaiseQueued)
        {
            RaiseQueued = true;
            Softirq.Tell(SoftirqMsg.NetRx);
        }
    }

    /// <summary>wakeup_softirqd().</summary>
    internal void WakeKsoftirqd()
    {
        if (!KsoftirqdAwake)
        {
            KsoftirqdAwake = true;
            Ksoftirqd.Tell(SoftirqMsg.NetRx);
        }
    }

    /// <summary>
    /// napi_schedule(): napi_schedule_prep() claims NAPI_STATE_SCHED (or records MISSED if someone owns it: another
    /// CPU's poll, or a busy-polling thread), then the NAPI joins the tail of this CPU's poll_list and NET_RX_SOFTIRQ
    /// is raised.
    /// </summary>
    /// <returns>True if this call scheduled it.</returns>
    public bool NapiSchedule(NapiStruct napi)
    {
        ArgumentNullException.ThrowIfNull(napi);
        if (!napi.SchedulePrep())
        {
            return false;
        }

        ListAdd(napi);
        return true;
    }

    /// <summary>____napi_schedule(): add to poll_list and raise, for a NAPI whose SCHED bit the caller already owns.</summary>
    internal void ListAdd(NapiStruct napi)
    {
        Softnet.PollList.Enqueue(napi);
        if (!InNetRxAction)
        {
            RaiseSoftirq();
        }
    }

    /// <summary>
    /// napi_complete_done(): the driver finished under budget. Clears NAPI_STATE_SCHED; if an interrupt was missed
    /// meanwhile, reschedules and returns false (the driver must then keep its interrupt masked). A NAPI a thread is
    /// busy polling is left alone: busy_poll_stop() polls it once more and completes it then.
    /// </summary>
    /// <returns>True if the driver may re-enable its interrupt.</returns>
    public bool CompleteDone(NapiStruct napi, int workDone)
    {
        ArgumentNullException.ThrowIfNull(napi);
        ArgumentOutOfRangeException.ThrowIfNegative(workDone);
        if (napi.InBusyPoll)
        {
            return false;
        }

        bool ret = true;
        long timeout = 0;
        if (workDone > 0)
        {
            if (napi.Gro is { HeldCount: > 0 })
            {
                timeout = napi.GroFlushTimeoutNanos;
            }

            napi.DeferHardIrqsCount = napi.DeferHardIrqs;
        }

        if (napi.DeferHardIrqsCount > 0)
        {
            // Software interrupt coalescing: stay masked; the watchdog polls again after gro_flush_timeout.
            napi.DeferHardIrqsCount--;
            timeout = napi.GroFlushTimeoutNanos;
            if (timeout != 0)
            {
                ret = false;
            }
        }

        // While the interrupt is postponed, GRO completes only packets older than this jiffy.
        napi.Gro?.Flush(this, oldOnly: timeout != 0);
        if (napi.CompleteState())
        {
            // MISSED: an interrupt came while we polled; SCHED stays ours and the NAPI goes back on this CPU's list.
            ListAdd(napi);
            return false;
        }

        if (timeout != 0)
        {
            ArmWatchdog(napi, timeout);
        }

        return ret;
    }

    /// <summary>hrtimer_start(&amp;napi->timer, timeout, HRTIMER_MODE_REL_PINNED): napi_watchdog on this CPU after <paramref name="timeout"/> ns.</summary>
    internal void ArmWatchdog(NapiStruct napi, long timeout)
    {
        napi.Watchdog ??= new Engine.ActorTimer<IrqMsg>?[Stack.Cpus.Length];
        // hrtimer_start(..., HRTIMER_MODE_REL_PINNED): it fires on this CPU, in hard IRQ context.
        var timer = napi.Watchdog[Cpu] ??= Stack.System.CreateTimer(HardIrq, new IrqMsg(new NapiWatchdog(napi)));
        timer.Arm(timeout);
    }

    /// <summary>napi_gro_receive(): through <paramref name="napi"/>'s GRO if it has one, else straight up the stack.</summary>
    public void GroReceive(NapiStruct napi, SkBuff skb)
    {
        ArgumentNullException.ThrowIfNull(napi);
        ArgumentNullException.ThrowIfNull(skb);
        // skb_mark_napi_id(): the socket learns from it which NAPI to busy poll.
        skb.NapiId = napi.Id;
        if (napi.Gro is { } gro)
        {
            gro.Receive(this, skb);
            return;
        }

        _receive.ReceiveInternal(skb);
    }

    /// <summary>gro_normal_one(): a packet or completed aggregate leaves GRO for netif_receive_skb.</summary>
    internal void DeliverGroNormal(SkBuff skb) => _receive.ReceiveInternal(skb);

    /// <summary>netif_rx() from a non-NAPI driver's interrupt handler: RPS, else this CPU's backlog.</summary>
    public void NetifRx(SkBuff skb) => _receive.NetifRx(skb);

    /// <summary>
    /// netif_rx() from a task on this CPU (loopback_xmit, veth_xmit inside the sender's dev_queue_xmit): bottom halves
    /// are off while it runs, and the NET_RX softirq it raises runs on this CPU before the task goes on, as
    /// local_bh_enable() does. The task's CPU time pays for it. False: dropped at the backlog (NET_RX_DROP).
    /// </summary>
    public bool NetifRxFromTask(ICpuContext task, SkBuff skb)
    {
        ArgumentNullException.ThrowIfNull(task);
        var previous = Enter(task);
        try
        {
            return _receive.NetifRx(skb);
        }
        finally
        {
            Leave(previous);
        }
    }

    /// <summary>__netif_receive_skb() on this CPU (after the backlog, or without RPS).</summary>
    internal void NetifReceiveSkbCore(SkBuff skb) => _receive.ReceiveCore(skb);

    /// <summary>net_rps_send_ipi(): IPI every CPU whose backlog this CPU scheduled.</summary>
    internal void SendRpsIpis()
    {
        foreach (var target in RpsIpiList)
        {
            Spend(Stack.Costs.IpiSend);
            target.HardIrq.Tell(new IrqMsg(RpsIpi.Instance));
        }

        RpsIpiList.Clear();
    }
}
