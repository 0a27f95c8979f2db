namespace ActorStack.Softirq;

/// <summary>
/// A NAPI instance (struct napi_struct): the driver's poll function and its scheduling state. Whoever holds
/// NAPI_STATE_SCHED owns the poll: a CPU's net_rx_action after napi_schedule, or a thread busy polling it
/// (napi_busy_loop). The state bits change only by compare-and-swap, because in live mode the hard IRQ on one CPU and
/// a busy-polling thread on another race for them, as they do in the kernel.
/// </summary>
/// <remarks>Kernel: include/linux/netdevice.h (NAPI_STATE_*), net/core/dev.c napi_schedule_prep(), napi_complete_done().</remarks>
public abstract class NapiStruct
{
    private const int Sched = 1 << 0;
    private const int MissedBit = 1 << 1;
    private const int InBusyPollBit = 1 << 2;
    private const int PreferBusyPollBit = 1 << 3;

    private int _state;
    private int _inFlight;
    private int _pipelineCpu = -1;

    /// <summary>Creates a NAPI with <paramref name="weight"/> (NAPI_POLL_WEIGHT = 64).</summary>
    protected NapiStruct(string name, int weight = 64)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(weight, 1);
        Name = name;
        Weight = weight;
    }

    /// <summary>Name for reports (eth0-rx-0).</summary>
    public string Name { get; }

    /// <summary>n->weight: packets per poll.</summary>
    public int Weight { get; }

    /// <summary>n->napi_id (from MIN_NAPI_ID on), given by napi_hash_add; 0 for a NAPI that is not hashed (the backlog).</summary>
    public int Id { get; internal set; }

    /// <summary>This NAPI's GRO state, or null when the device has GRO off (ethtool -K gro off) or never uses it.</summary>
    public Gro.GroNode? Gro { get; set; }

    /// <summary>sysfs gro_flush_timeout (ns): how long a NAPI that completed may keep its interrupt masked (0: off).</summary>
    public long GroFlushTimeoutNanos { get; init; }

    /// <summary>sysfs napi_defer_hard_irqs: completions in a row that keep the interrupt masked (0: off).</summary>
    public int DeferHardIrqs { get; init; }

    /// <summary>n->defer_hard_irqs_count.</summary>
    internal int DeferHardIrqsCount { get; set; }

    /// <summary>The napi_watchdog hrtimer, per CPU it was armed on (created on first use).</summary>
    internal Engine.ActorTimer<IrqMsg>?[]? Watchdog { get; set; }

    /// <summary>NAPI_STATE_SCHED: someone owns the poll.</summary>
    public bool IsScheduled => (Volatile.Read(ref _state) & Sched) != 0;

    /// <summary>NAPI_STATE_IN_BUSY_POLL: the owner is a busy-polling thread.</summary>
    public bool InBusyPoll => (Volatile.Read(ref _state) & InBusyPollBit) != 0;

    /// <summary>NAPI_STATE_PREFER_BUSY_POLL: a thread that prefers busy polling found the NAPI taken.</summary>
    public bool PreferBusyPoll => (Volatile.Read(ref _state) & PreferBusyPollBit) != 0;

    /// <summary>Model time of the last hard interrupt that scheduled this NAPI (for traces); -1 if none yet.</summary>
    public long LastIrqNanos { get; set; } = -1;

    /// <summary>
    /// The driver's poll(napi, budget): process up to <paramref name="budget"/> packets, hand them to
    /// <paramref name="cpu"/> (napi_gro_receive), and return how many. Returning less than the budget means the
    /// driver called <see cref="NapiContext.CompleteDone"/>.
    /// </summary>
    public abstract int Poll(NapiContext cpu, int budget);

    /// <summary>
    /// napi_schedule_prep(): takes SCHED, or, if someone already owns the NAPI, sets MISSED so that the owner polls
    /// again before letting go.
    /// </summary>
    /// <returns>True if the caller now owns the NAPI.</returns>
    internal bool SchedulePrep()
    {
        while (true)
        {
            int old = Volatile.Read(ref _state);
            int next = (old & Sched) != 0 ? old | MissedBit : old | Sched;
            if (Interlocked.CompareExchange(ref _state, next, old) == old)
            {
                return (old & Sched) == 0;
            }
        }
    }

    /// <summary>
    /// The state change of napi_complete_done(): clear SCHED, MISSED and PREFER_BUSY_POLL, unless MISSED was set, in
    /// which case SCHED stays set for the caller, which must put the NAPI back on a poll list.
    /// </summary>
    /// <returns>True if an interrupt was missed and the NAPI stays scheduled.</returns>
    internal bool CompleteState()
    {
        while (true)
        {
            int old = Volatile.Read(ref _state);
            int next = old & ~(Sched | MissedBit | PreferBusyPollBit);
            if ((old & MissedBit) != 0)
            {
                next |= Sched;
            }

            if (Interlocked.CompareExchange(ref _state, next, old) == old)
            {
                return (old & MissedBit) != 0;
            }
        }
    }

    /// <summary>
    /// test_and_set_bit(NAPI_STATE_SCHED) as napi_watchdog() does: take the NAPI only if nobody owns it, without
    /// recording a miss, and clear PREFER_BUSY_POLL.
    /// </summary>
    /// <returns>True if the caller now owns the NAPI.</returns>
    internal bool TryTakeScheduled()
    {
        while (true)
        {
            int old = Volatile.Read(ref _state);
            if ((old & Sched) != 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _state, (old | Sched) & ~PreferBusyPollBit, old) == old)
            {
                return true;
            }
        }
    }

    /// <summary>Clears SCHED for a NAPI whose owner gives it up without completing (the backlog's own lock protects it).</summary>
    internal void ClearScheduled() => Interlocked.And(ref _state, ~Sched);

    /// <summary>Sets SCHED for a NAPI whose owner took it under its own lock (the backlog's enqueue).</summary>
    internal void MarkScheduled() => Interlocked.Or(ref _state, Sched);

    /// <summary>
    /// __napi_busy_loop()'s claim: only a NAPI nobody owns, with one compare-and-swap setting SCHED and IN_BUSY_POLL.
    /// A thread that prefers busy polling marks a NAPI it could not take (PREFER_BUSY_POLL).
    /// </summary>
    /// <returns>True if the thread now owns the NAPI.</returns>
    internal bool TryBusyPollClaim(bool preferBusyPoll)
    {
        int old = Volatile.Read(ref _state);
        if ((old & (Sched | InBusyPollBit)) == 0
            && Interlocked.CompareExchange(ref _state, old | Sched | InBusyPollBit, old) == old)
        {
            return true;
        }

        if (preferBusyPoll)
        {
            Interlocked.Or(ref _state, PreferBusyPollBit);
        }

        return false;
    }

    /// <summary>
    /// The CPU whose protocol actors take a packet this NAPI's poll passes up on <paramref name="pollingCpu"/>, with the
    /// packet counted in flight until it reaches a socket or is freed (<see cref="PipelineLeave"/>).
    /// </summary>
    /// <remarks>
    /// In the kernel a poll takes its packets through IP and UDP before napi_complete_done() releases SCHED, so the
    /// next owner, on whatever CPU, can only deliver later packets after them. Here the protocol layers are actors
    /// that run after the poll, so when the NAPI has moved to another CPU (a busy-polling thread, or back to the
    /// interrupt's CPU) while packets it passed up are still in the old CPU's protocol actors, new packets follow them
    /// through that CPU until they are gone, as RFS's last_qtail rule moves a flow only once its old queue drained.
    /// Only the NAPI's owner calls this; the count may drop concurrently, which only makes the check conservative.
    /// </remarks>
    internal int PipelineEnter(int pollingCpu)
    {
        if (Volatile.Read(ref _inFlight) == 0)
        {
            Volatile.Write(ref _pipelineCpu, pollingCpu);
        }

        Interlocked.Increment(ref _inFlight);
        return Volatile.Read(ref _pipelineCpu);
    }

    /// <summary>The packet <paramref name="skb"/> left the protocol actors (queued to a socket, or freed).</summary>
    public static void PipelineLeave(Skb.SkBuff skb)
    {
        ArgumentNullException.ThrowIfNull(skb);
        if (skb.PipelineNapi is { } napi)
        {
            skb.PipelineNapi = null;
            Interlocked.Decrement(ref napi._inFlight);
        }
    }

    /// <summary>busy_poll_stop()'s first step: clear MISSED (the poll that follows covers it) and IN_BUSY_POLL.</summary>
    internal void BusyPollRelease() => Interlocked.And(ref _state, ~(MissedBit | InBusyPollBit));
}
