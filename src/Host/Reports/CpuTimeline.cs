using ActorStack.Engine;

namespace ActorStack.Host.Reports;

/// <summary>
/// Per-CPU utilisation over model time: for each bucket, the percent of it spent in each mpstat column.
/// Adjacent buckets are merged so a run has at most <see cref="MaxBuckets"/>, enough for a chart and a JSON file.
/// </summary>
public sealed record CpuTimeline(long BucketNanos, IReadOnlyList<IReadOnlyList<CpuSlice>> Cpus)
{
    /// <summary>Most buckets kept per CPU.</summary>
    public const int MaxBuckets = 400;

    /// <summary>The timeline of <paramref name="usage"/> from 0 to <paramref name="endNanos"/>.</summary>
    public static CpuTimeline Of(CpuUsage usage, long endNanos)
    {
        ArgumentNullException.ThrowIfNull(usage);
        long raw = Math.Max(1, (endNanos + usage.TimelineBucketNanos - 1) / usage.TimelineBucketNanos);
        int merge = (int)Math.Max(1, (raw + MaxBuckets - 1) / MaxBuckets);
        long width = usage.TimelineBucketNanos * merge;
        var cpus = new List<IReadOnlyList<CpuSlice>>();
        for (int cpu = 0; cpu < usage.Cpus; cpu++)
        {
            var buckets = usage.Timeline(cpu, endNanos);
            var slices = new List<CpuSlice>();
            for (int start = 0; start < buckets.Count; start += merge)
            {
                long user = 0, sys = 0, soft = 0, irq = 0, steal = 0;
                for (int b = start; b < Math.Min(buckets.Count, start + merge); b++)
                {
                    user += buckets[b].User;
                    sys += buckets[b].Sys;
                    soft += buckets[b].Soft;
                    irq += buckets[b].Irq;
                    steal += buckets[b].Steal;
                }

                double Percent(long nanos) => 100.0 * nanos / width;
                slices.Add(new CpuSlice(Percent(user), Percent(sys), Percent(soft), Percent(irq), Percent(steal)));
            }

            cpus.Add(slices);
        }

        return new CpuTimeline(width, cpus);
    }
}

/// <summary>One bucket of one CPU: percent of the bucket in each mpstat column.</summary>
public sealed record CpuSlice(double User, double Sys, double Soft, double Irq, double Steal);
