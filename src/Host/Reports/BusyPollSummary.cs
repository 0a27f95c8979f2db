using System.Globalization;
using System.Text;
using ActorStack.Sockets;

namespace ActorStack.Host.Reports;

/// <summary>What the busy-polling readers did: their loops, how each ended, the turns and the packets they polled.</summary>
public sealed record BusyPollSummary(
    int Usecs,
    int Budget,
    bool Prefer,
    long Loops,
    long LoopsWithData,
    long Turns,
    long Packets,
    long Resched,
    long BusyNanos,
    long BusyPollRxPackets,
    long ReaderWakeups)
{
    /// <summary>Loops that ran out of time and went to sleep.</summary>
    public long LoopsTimedOut => Loops - LoopsWithData;

    /// <summary>
    /// Sums the threads' counters; <paramref name="busyPollRxPackets"/> is TcpExt BusyPollRxPackets,
    /// <paramref name="wakeups"/> the times the threads were woken from a sleeping read.
    /// </summary>
    public static BusyPollSummary Of(BusyPollSettings settings, IEnumerable<BusyPollStats> threads, long busyPollRxPackets, long wakeups)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(threads);
        var t = threads.ToList();
        return new BusyPollSummary(settings.Usecs, settings.EffectiveBudget, settings.Prefer, t.Sum(s => s.Loops), t.Sum(s => s.LoopsWithData), t.Sum(s => s.Turns),
            t.Sum(s => s.Packets), t.Sum(s => s.Resched), t.Sum(s => s.Nanos), busyPollRxPackets, wakeups);
    }

    /// <summary>The console lines.</summary>
    public string Format()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"busy polling (sk_ll_usec {Usecs} µs, budget {Budget}{(Prefer ? ", SO_PREFER_BUSY_POLL" : string.Empty)}):\n");
        sb.Append(CultureInfo.InvariantCulture, $"  {Loops} busy loops in recv: {LoopsWithData} ended with data queued, {LoopsTimedOut} ran out of time and slept; {Resched} gave the CPU up (need_resched)\n");
        sb.Append(CultureInfo.InvariantCulture, $"  {Turns} turns polled {Packets} packets from the ring (TcpExt BusyPollRxPackets {BusyPollRxPackets}); {BusyNanos / 1e6:F3} ms spent busy polling; readers woken {ReaderWakeups} times\n");
        return sb.ToString();
    }
}
