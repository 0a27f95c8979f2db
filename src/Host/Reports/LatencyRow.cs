using ActorStack.Softirq.Latency;
using HdrHistogram;

namespace ActorStack.Host.Reports;

/// <summary>One stage of the latency breakdown: delivered packets and their p50/p90/p99/max in model nanoseconds.</summary>
public sealed record LatencyRow(string Key, string Description, long Count, long P50, long P90, long P99, long Max, double Mean)
{
    /// <summary>Every stage of <paramref name="recorder"/>, in path order, the total last.</summary>
    public static IReadOnlyList<LatencyRow> Of(LatencyRecorder recorder)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        return Enumerable.Range(0, LatencyStages.Intervals).Select(i => Of(LatencyStages.Keys[i], LatencyStages.Descriptions[i], recorder[i])).ToArray();
    }

    /// <summary>
    /// One row from an HdrHistogram of nanoseconds: its percentiles (the highest value equivalent to the one at
    /// that rank, within the histogram's resolution), max and mean. All 0 when it is empty.
    /// </summary>
    public static LatencyRow Of(string key, string description, HistogramBase histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        long count = histogram.TotalCount;
        return count == 0
            ? new LatencyRow(key, description, 0, 0, 0, 0, 0, 0)
            : new LatencyRow(key, description, count, histogram.GetValueAtPercentile(50), histogram.GetValueAtPercentile(90), histogram.GetValueAtPercentile(99), histogram.GetMaxValue(), histogram.GetMean());
    }
}
