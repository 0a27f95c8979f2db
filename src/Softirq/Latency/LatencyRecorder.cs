using ActorStack.Softirq.Skb;

namespace ActorStack.Softirq.Latency;

/// <summary>
/// Per-stage latency of delivered packets, from the stamps each hop wrote into the skb with the model clock.
/// Recorded when the application's copy finishes; dropped packets are not in it (they are in the drop counts).
/// </summary>
public sealed class LatencyRecorder
{
    private readonly LatencyHistogram[] _stages = Enumerable.Range(0, LatencyStages.Intervals).Select(_ => new LatencyHistogram()).ToArray();

    /// <summary>The histogram of interval <paramref name="index"/> (see <see cref="LatencyStages.Keys"/>).</summary>
    public LatencyHistogram this[int index] => _stages[index];

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
            _stages[point - 1].Record(at - previous);
            previous = at;
        }

        _stages[LatencyStages.Intervals - 1].Record(previous - first);
    }
}
