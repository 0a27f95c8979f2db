namespace ActorStack.Softirq;

/// <summary>The constants of busy polling.</summary>
/// <remarks>Kernel: include/net/busy_poll.h.</remarks>
public static class BusyPollConstants
{
    /// <summary>
    /// MIN_NAPI_ID = NR_CPUS + 1: ids below it are reserved for sender_cpu. NR_CPUS is 8192 in Debian's and Ubuntu's
    /// x86-64 kernels.
    /// </summary>
    public const int MinNapiId = 8192 + 1;

    /// <summary>BUSY_POLL_BUDGET: packets per busy-poll call of the driver's poll, unless SO_BUSY_POLL_BUDGET says otherwise.</summary>
    public const int BusyPollBudget = 8;

    /// <summary>
    /// EEVDF's base slice (/sys/kernel/debug/sched/base_slice_ns, 0.75 ms since 6.6): how long a running thread keeps
    /// the CPU before the scheduler sets need_resched for another runnable thread of the same class. A busy-polling
    /// thread sharing its CPU gives it up only then, not on every turn of its loop.
    /// </summary>
    public const long SchedBaseSliceNanos = 750_000;

    /// <summary>
    /// busy_loop_current_time(): local_clock() &gt;&gt; 10, the kernel's cheap "microseconds" (1.024 µs units) that
    /// busy-poll deadlines are counted in.
    /// </summary>
    public static long BusyLoopCurrentTime(long nowNanos) => nowNanos >> 10;

    /// <summary>
    /// sk_busy_loop_timeout() for a loop that started at <paramref name="startNanos"/>: true once the busy-loop time
    /// passed the start's by more than <paramref name="usecs"/> units (time_after, so a 50 µs setting spins a little
    /// over 51 µs).
    /// </summary>
    public static bool TimedOut(long startNanos, long usecs, long nowNanos) =>
        BusyLoopCurrentTime(nowNanos) > BusyLoopCurrentTime(startNanos) + usecs;
}
