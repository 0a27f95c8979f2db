namespace ActorStack.Softirq;

/// <summary>
/// A NAPI instance (struct napi_struct): the driver's poll function and its scheduling state. Bound to the CPU whose
/// poller scheduled it; only that poller touches its state (the single-owner rule of NAPI_STATE_SCHED).
/// </summary>
/// <remarks>Kernel: include/linux/netdevice.h, net/core/dev.c.</remarks>
public abstract class NapiStruct
{
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

    /// <summary>This NAPI's GRO state, or null when the device has GRO off (ethtool -K gro off) or never uses it.</summary>
    public Gro.GroNode? Gro { get; set; }

    /// <summary>sysfs gro_flush_timeout (ns): how long a NAPI that completed may keep its interrupt masked (0: off).</summary>
    public long GroFlushTimeoutNanos { get; init; }

    /// <summary>sysfs napi_defer_hard_irqs: completions in a row that keep the interrupt masked (0: off).</summary>
    public int DeferHardIrqs { get; init; }

    /// <summary>n->defer_hard_irqs_count.</summary>
    internal int DeferHardIrqsCount { get; set; }

    /// <summary>The napi_watchdog hrtimer, per CPU it was armed on (created on first use).</summary>
    internal Actors.ActorTimer<IrqMsg>?[]? Watchdog { get; set; }

    /// <summary>NAPI_STATE_SCHED.</summary>
    public bool IsScheduled { get; internal set; }

    /// <summary>Model time of the last hard interrupt that scheduled this NAPI (for traces); -1 if none yet.</summary>
    public long LastIrqNanos { get; set; } = -1;

    /// <summary>NAPI_STATE_MISSED: scheduled again while already scheduled.</summary>
    internal bool Missed { get; set; }

    /// <summary>
    /// The driver's poll(napi, budget): process up to <paramref name="budget"/> packets, hand them to
    /// <paramref name="cpu"/> (napi_gro_receive), and return how many. Returning less than the budget means the
    /// driver called <see cref="NapiContext.CompleteDone"/>.
    /// </summary>
    public abstract int Poll(NapiContext cpu, int budget);
}
