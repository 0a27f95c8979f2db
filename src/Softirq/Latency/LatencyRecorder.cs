using ActorStack.Softirq.Skb;
using HdrHistogram;

namespace ActorStack.Softirq.Latency;

/// <summary>
/// Per-stage latency of delivered packets, from the stamps each hop wrote into the skb with the model clock.
/// Recorded when the application's copy finishes; dropped packets are not in it (they are in the drop counts).
/// </summary>
/// <remarks>
/// One HdrHistogram per stage, sized once: 3 significant digits (values under 2048 ns exact, above that within
/// 0.05 %) up to <see cref="HighestTrackableNanos"/>. Recording is allocation-free and safe from several threads at
/// once (live mode).
/// </remarks>
public sealed class LatencyRecorder
{
    /// <summary>The largest latency a stage tells apart, 2^50 ns (about 13 days of model time); longer ones count as it.</summary>
    public const long HighestTrackableNanos = 1L << 50;

    /// <summary>Significant decimal digits the histograms keep.</summary>
    public const int SignificantDigits = 3;

    private readonly LongConcurrentHistogram[] _stages = Enumerable.Range(0, LatencyStages.Intervals)
        .Select(_ => new LongConcurrentHistogram(1, HighestTrackableNanos, SignificantDigits))
        .ToArray();

    /// <summary>The histogram of interval <paramref name="index"/> (see <see cref="LatencyStages.Keys"/>), in nanoseconds.</summary>
    public HistogramBase this[int index] => _stages[index];

    /// <summary>
    /// Records one delivered packet. For a segment of a GRO aggregate, <paramref name="segment"/> has its own
    /// stamps up to napi_poll and <paramref name="head"/> carries the rest.
    /// </summary>
    public void Record(SkBuff segment, SkBuff head)
    {
        ArgumentNullException.ThrowIfNull(segment);
        ArgumentNullException.ThrowIfNull(head);
        long first = segment.StampOf(LatencyStage.Wire);
        long previous = first;
        for (int point = 1; point < LatencyStages.Points; point++)
        {
            var stage = (LatencyStage)point;
            var source = stage <= LatencyStage.NapiPoll ? segment : head;
            // A point a path does not pass (never stamped, or older than the last) adds nothing to its stage.
            long at = Math.Max(previous, source.StampOf(stage));
            RecordNanos(point - 1, at - previous);
            previous = at;
        }

        RecordNanos(LatencyStages.Intervals - 1, previous - first);
    }

    /// <summary>Records <paramref name="nanos"/> into stage <paramref name="index"/>, clamped to 0..<see cref="HighestTrackableNanos"/>.</summary>
    public void RecordNanos(int index, long nanos) => _stages[index].RecordValue(Math.Clamp(nanos, 0, HighestTrackableNanos));
}
