using System.Globalization;

namespace ActorStack.Host.Reports;

/// <summary>
/// compare A.json B.json: what differs between two runs. First the knobs that differ (kernel names), then the
/// outcome side by side with the change: delivery, drops by reason, latency per stage, CPU load, kernel counters.
/// </summary>
public static class Compare
{
    /// <summary>Writes the comparison of <paramref name="a"/> and <paramref name="b"/>.</summary>
    public static void Write(RunReport a, string nameA, RunReport b, string nameB, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine($"compare  A: {nameA} (scenario {a.Scenario}, {a.Mode}, seed {a.Seed})");
        output.WriteLine($"         B: {nameB} (scenario {b.Scenario}, {b.Mode}, seed {b.Seed})");
        output.WriteLine();
        var knobs = a.Knobs.Keys.Union(b.Knobs.Keys).Order(StringComparer.Ordinal)
            .Where(k => a.Knobs.GetValueOrDefault(k) != b.Knobs.GetValueOrDefault(k)).ToArray();
        output.WriteLine(knobs.Length == 0 ? "settings: identical" : "settings that differ:");
        foreach (var key in knobs)
        {
            output.WriteLine($"  {key,-34} {a.Knobs.GetValueOrDefault(key, "-"),-20} → {b.Knobs.GetValueOrDefault(key, "-")}");
        }

        output.WriteLine();
        output.WriteLine($"  {"metric",-44} {"A",14} {"B",14} {"change",10}");
        Row(output, "packets injected", a.Packets.Injected, b.Packets.Injected);
        Row(output, "packets delivered", a.Packets.Delivered, b.Packets.Delivered);
        foreach (var kind in a.Packets.Consumed.Keys.Union(b.Packets.Consumed.Keys).Order(StringComparer.Ordinal))
        {
            Row(output, $"consumed by the kernel ({kind})", a.Packets.Consumed.GetValueOrDefault(kind), b.Packets.Consumed.GetValueOrDefault(kind));
        }

        Row(output, "packets forwarded", a.Packets.Forwarded, b.Packets.Forwarded);
        Row(output, "packets dropped", a.Packets.Dropped, b.Packets.Dropped);
        Row(output, "still queued", a.Packets.StillQueued, b.Packets.StillQueued);
        Row(output, "delivered per second (model time)", a.DeliveredPps, b.DeliveredPps);
        Row(output, "out of order", a.Packets.OutOfOrder, b.Packets.OutOfOrder);
        foreach (var reason in a.Drops.Keys.Union(b.Drops.Keys).Order(StringComparer.Ordinal))
        {
            Row(output, "drop " + reason, a.Drops.GetValueOrDefault(reason), b.Drops.GetValueOrDefault(reason));
        }

        foreach (var stage in a.LatencyNs.Keys.Union(b.LatencyNs.Keys))
        {
            var la = a.LatencyNs.GetValueOrDefault(stage);
            var lb = b.LatencyNs.GetValueOrDefault(stage);
            Row(output, $"latency {stage} p50 µs", (la?.P50 ?? 0) / 1e3, (lb?.P50 ?? 0) / 1e3);
            Row(output, $"latency {stage} p99 µs", (la?.P99 ?? 0) / 1e3, (lb?.P99 ?? 0) / 1e3);
        }

        for (int cpu = 0; cpu < Math.Max(a.Cpus.Count, b.Cpus.Count); cpu++)
        {
            Row(output, $"cpu{cpu} busy %", Busy(a, cpu), Busy(b, cpu));
        }

        Row(output, "softnet time_squeeze", a.Counters.TimeSqueeze, b.Counters.TimeSqueeze);
        Row(output, "softnet dropped", a.Counters.SoftnetDropped, b.Counters.SoftnetDropped);
        Row(output, "softnet received_rps", a.Counters.ReceivedRps, b.Counters.ReceivedRps);
        Row(output, "softnet flow_limit_count", a.Counters.FlowLimitCount, b.Counters.FlowLimitCount);
        Row(output, "interrupts", a.Counters.Interrupts, b.Counters.Interrupts);
        Row(output, "ksoftirqd wakeups", a.Counters.KsoftirqdWakeups, b.Counters.KsoftirqdWakeups);
        Row(output, "rx_missed_errors", a.Counters.RxMissedErrors, b.Counters.RxMissedErrors);
        Row(output, "gro merged", a.Counters.GroMerged, b.Counters.GroMerged);
        foreach (var table in a.Snmp.Keys.Union(b.Snmp.Keys))
        {
            var ta = a.Snmp.GetValueOrDefault(table) ?? new Dictionary<string, long>();
            var tb = b.Snmp.GetValueOrDefault(table) ?? new Dictionary<string, long>();
            foreach (var field in ta.Keys.Union(tb.Keys).Where(f => ta.GetValueOrDefault(f) != tb.GetValueOrDefault(f)))
            {
                Row(output, $"{table}: {field}", ta.GetValueOrDefault(field), tb.GetValueOrDefault(field));
            }
        }
    }

    private static double Busy(RunReport r, int cpu) => cpu < r.Cpus.Count ? 100 - r.Cpus[cpu].Idle : 0;

    private static void Row(TextWriter output, string name, double a, double b)
    {
        string change = a == b ? "=" : a == 0 ? "new" : string.Create(CultureInfo.InvariantCulture, $"{100.0 * (b - a) / Math.Abs(a):+0.0;-0.0}%");
        string format = a % 1 == 0 && b % 1 == 0 ? "F0" : "F2";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-44} {a.ToString(format, CultureInfo.InvariantCulture),14} {b.ToString(format, CultureInfo.InvariantCulture),14} {change,10}"));
    }
}
