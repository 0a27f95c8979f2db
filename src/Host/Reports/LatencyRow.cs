using ActorStack.Softirq.Latency;

namespace ActorStack.Host.Reports;

/// <summary>One stage of the latency breakdown: delivered packets and their p50/p90/p99/max in model nanoseconds.</summary>
public sealed record LatencyRow(string Key, string Description, long Count, long P50, long P90, long P99, long Max, double Mean)
{
    /// <summary>Every stage of <paramref name="recorder"/>, in path order, the total last.</summary>
    public static IReadOnlyList<LatencyRow> Of(LatencyRecorder recorder)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        return Enumerable.Range(0, LatencyStages.Intervals).Select(i =>
        {
            var h = recorder[i];
            return new LatencyRow(LatencyStages.Keys[i], LatencyStages.Descriptions[i], h.Count, h.Quantile(0.50), h.Quantile(0.90), h.Quantile(0.99), h.Max, h.Mean);
        }).ToArray();
    }
}
