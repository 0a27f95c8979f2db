using System.Globalization;
using System.Text;

namespace ActorStack.Host.Reports;

/// <summary>What a TCP run's senders and readers counted.</summary>
public sealed record TcpRunSummary(
    long SegmentsSent,
    long LostOnWire,
    long Reordered,
    long Retransmits,
    long FastRetransmits,
    long Timeouts,
    long ZeroWindowProbes,
    long AcksReceived,
    long RstsReceived,
    long ConnectionsCompleted,
    long ConnectionsAborted,
    long BytesAcked,
    long BytesRead,
    long CorruptBytes,
    long OutOfOrderReads,
    long RecvCalls,
    long ReaderWakeups,
    long BacklogSkbsProcessed,
    long Accepted,
    long EndOfStreams,
    long SmallestRead)
{
    /// <summary>Collects from <paramref name="host"/>.</summary>
    internal static TcpRunSummary Of(SimulatedHost host)
    {
        var p = host.PeerStats;
        var r = host.TcpReaders;
        return new TcpRunSummary(
            p.Segments, p.Lost, p.Reordered, p.Retransmits, p.FastRetransmits, p.Timeouts, p.ZeroWindowProbes, p.AcksReceived, p.RstsReceived, p.Completed, p.Aborted, p.BytesAcked,
            r.Sum(s => s.Bytes), r.Sum(s => s.CorruptBytes), r.Sum(s => s.OutOfOrder), r.Sum(s => s.RecvCalls), r.Sum(s => s.Wakeups), r.Sum(s => s.BacklogProcessed), r.Sum(s => s.Accepted), r.Sum(s => s.Eofs), r.Where(s => s.SmallestRead != long.MaxValue).Select(s => s.SmallestRead).DefaultIfEmpty(0).Min());
    }

    /// <summary>The console lines.</summary>
    public string Format()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"tcp senders: {SegmentsSent} segments sent, {LostOnWire} lost and {Reordered} reordered on the wire, {Retransmits} retransmitted ({FastRetransmits} fast retransmits, {Timeouts} timeouts, {ZeroWindowProbes} zero-window probes), {AcksReceived} segments from the host ({RstsReceived} RST); {ConnectionsCompleted} connections completed, {ConnectionsAborted} aborted\n");
        sb.Append(CultureInfo.InvariantCulture, $"tcp readers: {BytesRead} bytes read of {BytesAcked} acknowledged, {CorruptBytes} corrupt bytes, {OutOfOrderReads} out-of-order reads; {RecvCalls} recv calls, {ReaderWakeups} wakeups, {BacklogSkbsProcessed} backlog skbs processed in release_sock; {Accepted} accepted, {EndOfStreams} streams read to the end; smallest read before the end {SmallestRead} bytes\n");
        return sb.ToString();
    }
}
