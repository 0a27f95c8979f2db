namespace ActorStack.Softirq;

/// <summary>The net.core sysctls and kernel constants the receive path reads, with 6.18 defaults.</summary>
/// <remarks>Kernel: net/core/hotdata.c, net/core/sysctl_net_core.c; kernel-reference section 3.3 and 11.</remarks>
public sealed record NetCoreOptions
{
    /// <summary>CONFIG_HZ. 250 on the measured machine.</summary>
    public int Hz { get; init; } = 250;

    /// <summary>net.core.netdev_budget: packets per net_rx_action, shared by the CPU's NAPIs.</summary>
    public int NetdevBudget { get; init; } = 300;

    /// <summary>net.core.netdev_budget_usecs; default 2 jiffies (2·10⁶/HZ µs).</summary>
    public int? NetdevBudgetUsecs { get; init; }

    /// <summary>net.core.dev_weight: the backlog NAPI's quota (also the usual driver weight NAPI_POLL_WEIGHT).</summary>
    public int DevWeight { get; init; } = 64;

    /// <summary>net.core.netdev_max_backlog.</summary>
    public int NetdevMaxBacklog { get; init; } = 1000;

    /// <summary>net.core.flow_limit_cpu_bitmap: CPUs (bit per CPU) whose enqueues apply the flow limit. Default none.</summary>
    public ulong FlowLimitCpuBitmap { get; init; }

    /// <summary>net.core.flow_limit_table_len: buckets of each flow limit table (power of two).</summary>
    public int FlowLimitTableLen { get; init; } = 4096;

    /// <summary>
    /// net.core.rps_sock_flow_entries: the RFS socket flow table (0: RFS off). Like rps_sock_flow_sysctl(), a write is
    /// rounded up to a power of two (roundup_pow_of_two), so it reads back as the table's real size: 1000 is 1024.
    /// </summary>
    public int RpsSockFlowEntries
    {
        get => _rpsSockFlowEntries;
        init => _rpsSockFlowEntries = value is > 0 and <= 1 << 29 ? (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)value) : value;
    }

    private readonly int _rpsSockFlowEntries;

    /// <summary>MAX_SOFTIRQ_RESTART: inline softirq restarts before ksoftirqd takes over.</summary>
    public int MaxSoftirqRestart { get; init; } = 10;

    /// <summary>MAX_SOFTIRQ_TIME in ms (msecs_to_jiffies(2), rounded up to whole jiffies).</summary>
    public int MaxSoftirqTimeMs { get; init; } = 2;

    /// <summary>msecs_to_jiffies(MAX_SOFTIRQ_TIME).</summary>
    public long MaxSoftirqJiffies => ((MaxSoftirqTimeMs * 1_000_000L) + NanosPerJiffy - 1) / NanosPerJiffy;

    /// <summary>net.core.rmem_default: a new socket's sk_rcvbuf.</summary>
    public int RmemDefault { get; init; } = 212992;

    /// <summary>net.core.rmem_max: the cap on SO_RCVBUF (4 MiB since 6.18).</summary>
    public int RmemMax { get; init; } = 4194304;

    /// <summary>net.core.busy_read: µs a blocking read busy polls an empty socket (a new socket's sk_ll_usec; 0: off).</summary>
    public int BusyRead { get; init; }

    /// <summary>net.core.busy_poll: µs select() and poll() busy poll before sleeping (0: off).</summary>
    public int BusyPoll { get; init; }

    /// <summary>The effective netdev_budget_usecs.</summary>
    public int EffectiveBudgetUsecs => NetdevBudgetUsecs ?? (2_000_000 / Hz);

    /// <summary>Nanoseconds per jiffy.</summary>
    public long NanosPerJiffy => 1_000_000_000L / Hz;

    /// <summary>jiffies at model time <paramref name="nowNanos"/>.</summary>
    public long Jiffies(long nowNanos) => nowNanos / NanosPerJiffy;

    /// <summary>usecs_to_jiffies(): rounds up.</summary>
    public long UsecsToJiffies(long usecs) => ((usecs * 1000) + NanosPerJiffy - 1) / NanosPerJiffy;

    /// <summary>Validates values the kernel would refuse.</summary>
    public void Validate()
    {
        Check(Hz is 100 or 250 or 300 or 1000, "kernel.hz", Hz, "one of 100, 250, 300, 1000");
        Check(NetdevBudget >= 1, "net.core.netdev_budget", NetdevBudget, ">= 1");
        Check(NetdevBudgetUsecs is null or >= 0, "net.core.netdev_budget_usecs", NetdevBudgetUsecs ?? 0, ">= 0");
        Check(DevWeight >= 1, "net.core.dev_weight", DevWeight, ">= 1");
        Check(NetdevMaxBacklog >= 0, "net.core.netdev_max_backlog", NetdevMaxBacklog, ">= 0");
        Check(FlowLimitTableLen > 0 && (FlowLimitTableLen & (FlowLimitTableLen - 1)) == 0, "net.core.flow_limit_table_len", FlowLimitTableLen, "a power of two");
        Check(RpsSockFlowEntries is >= 0 and <= 1 << 29, "net.core.rps_sock_flow_entries", RpsSockFlowEntries, "0..2^29");
        Check(RmemDefault >= SockConstants.SockMinRcvbuf, "net.core.rmem_default", RmemDefault, $">= {SockConstants.SockMinRcvbuf}");
        Check(BusyRead >= 0, "net.core.busy_read", BusyRead, ">= 0");
        Check(BusyPoll >= 0, "net.core.busy_poll", BusyPoll, ">= 0");
        Check(RmemMax >= SockConstants.SockMinRcvbuf, "net.core.rmem_max", RmemMax, $">= {SockConstants.SockMinRcvbuf}");
    }

    private static void Check(bool ok, string key, long value, string allowed)
    {
        if (!ok)
        {
            throw new SettingException(key, $"{key} = {value} is not allowed: must be {allowed}.");
        }
    }
}

/// <summary>Socket memory constants.</summary>
/// <remarks>Kernel: include/net/sock.h.</remarks>
public static class SockConstants
{
    /// <summary>SOCK_MIN_RCVBUF = 2048 + 256.</summary>
    public const int SockMinRcvbuf = 2304;

    /// <summary>
    /// setsockopt(SO_RCVBUF, v): sk_rcvbuf = max(2·min(v, rmem_max), SOCK_MIN_RCVBUF); getsockopt returns this doubled value.
    /// </summary>
    /// <remarks>Kernel: net/core/sock.c __sock_set_rcvbuf().</remarks>
    public static int SetRcvbuf(long requested, int rmemMax)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(requested);
        long value = Math.Min(requested, rmemMax);
        // The kernel clamps to INT_MAX/2 before doubling.
        value = Math.Min(value, int.MaxValue / 2);
        return (int)Math.Max(value * 2, SockMinRcvbuf);
    }
}
