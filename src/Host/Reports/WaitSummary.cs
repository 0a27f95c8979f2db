using System.Globalization;
using System.Text;
using ActorStack.Sockets.Poll;

namespace ActorStack.Host.Reports;

/// <summary>How the application threads waited: select/poll scans or epoll harvests, sleeps, wakeups and their cost.</summary>
public sealed record WaitSummary(
    string Mode,
    string EpollFlags,
    int Threads,
    int DescriptorsPerThread,
    long Calls,
    long Scans,
    long FdsPolled,
    long ItemsPolled,
    long Events,
    long Sleeps,
    long Wakeups,
    long SpuriousWakeups,
    long Eagain,
    long ReadCalls,
    long WaitNanos,
    long WakeupNanos,
    long Retriggers)
{
    /// <summary>Mean CPU time of one select/poll/epoll_wait call (system call, scans or harvest), ns.</summary>
    public double NanosPerCall => Calls == 0 ? 0 : (double)WaitNanos / Calls;

    /// <summary>Mean CPU time spent waiting per wakeup (the rescan or harvest a wakeup costs), ns.</summary>
    public double NanosPerWakeup => Wakeups == 0 ? 0 : (double)WaitNanos / Wakeups;

    /// <summary>Sums <paramref name="threads"/>' counters.</summary>
    public static WaitSummary Of(WaitMode mode, PollEvents epollFlags, int descriptorsPerThread, IReadOnlyList<WaitStats> threads)
    {
        ArgumentNullException.ThrowIfNull(threads);
        var t = WaitStats.Sum(threads);
        return new WaitSummary(mode.ToString().ToLowerInvariant(), EpollFlagNames.Format(epollFlags), threads.Count, descriptorsPerThread, t.Calls, t.Scans, t.FdsPolled, t.ItemsPolled, t.Events, t.Sleeps, t.Wakeups, t.SpuriousWakeups, t.Eagain, t.RecvCalls, t.WaitNanos, t.WakeupNanos, t.Retriggers);
    }

    /// <summary>The console lines.</summary>
    public string Format()
    {
        var sb = new StringBuilder();
        string call = Mode == "epoll" ? "epoll_wait" : Mode;
        string flags = EpollFlags.Length > 0 ? $" {EpollFlags}" : string.Empty;
        sb.Append(CultureInfo.InvariantCulture, $"application threads ({Mode}{flags}, {Threads} thread(s), {DescriptorsPerThread} descriptor(s) each):\n");
        if (Mode == "epoll")
        {
            sb.Append(CultureInfo.InvariantCulture, $"  {Calls} {call} calls returned {Events} events ({ItemsPolled} ready-list items polled)\n");
        }
        else
        {
            sb.Append(CultureInfo.InvariantCulture, $"  {Calls} {call} calls, {Scans} scans of {DescriptorsPerThread} descriptors ({FdsPolled} polled), {Events} ready descriptors returned\n");
        }

        sb.Append(CultureInfo.InvariantCulture, $"  {Sleeps} sleeps, {Wakeups} wakeups ({SpuriousWakeups} spurious: nothing to do after waking), {Retriggers} woken during a scan (looked again without sleeping), {ReadCalls} non-blocking calls ({Eagain} EAGAIN)\n");
        sb.Append(CultureInfo.InvariantCulture, $"  CPU time in {call}: {WaitNanos / 1e6:F3} ms, {NanosPerCall / 1e3:F2} µs per call, {NanosPerWakeup / 1e3:F2} µs per wakeup; context switches on wakeup: {WakeupNanos / 1e6:F3} ms\n");
        return sb.ToString();
    }
}
