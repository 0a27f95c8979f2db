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

    /// <summary>Sums the readers' counters; <paramref name="busyPollRxPackets"/> is TcpExt BusyPollRxPackets.</summary>
    public static BusyPollSummary Of(int usecs, int budget, bool prefer, IEnumerable<ReceiverStats> readers, long busyPollRxPackets)
    {
        ArgumentNullException.ThrowIfNull(readers);
        var r = readers.ToList();
        return new BusyPollSummary(usecs, budget, prefer, r.Sum(s => s.BusyLoops), r.Sum(s => s.BusyLoopsWithData), r.Sum(s => s.BusyTurns),
            r.Sum(s => s.BusyPackets), r.Sum(s => s.BusyResched), r.Sum(s => s.BusyNanos), busyPollRxPackets, r.Sum(s => s.Wakeups));
    }

    /// <summary>The console lines.</summary>
    public string Format()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"busy polling (sk_ll_usec {Usecs} µs, budget {Budget}{(Prefer ? ", SO_PREFER_BUSY_POLL" : string.Empty)}):\n");
        sb.Append(CultureInfo.InvariantCulture, $"  {Loops} busy loops in recvfrom(): {LoopsWithData} ended with a datagram queued, {LoopsTimedOut} ran out of time and slept; {Resched} gave the CPU up (need_resched)\n");
        sb.Append(CultureInfo.InvariantCulture, $"  {Turns} turns polled {Packets} packets from the ring (TcpExt BusyPollRxPackets {BusyPollRxPackets}); {BusyNanos / 1e6:F3} ms spent busy polling; readers woken {ReaderWakeups} times\n");
        return sb.ToString();
    }
}
