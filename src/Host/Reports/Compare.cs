using System.Globalization;
using Spectre.Console;

namespace ActorStack.Host.Reports;

/// <summary>
/// compare A.json B.json: what differs between two runs. First the knobs that differ (kernel names), then the
/// outcome side by side with the change: delivery, drops by reason, latency per stage, CPU load, kernel counters.
/// </summary>
public static class Compare
{
    /// <summary>Writes the comparison of <paramref name="a"/> and <paramref name="b"/>: Spectre tables on a terminal, plain text otherwise.</summary>
    public static void Write(RunReport a, string nameA, RunReport b, string nameB, TextWriter output) =>
        Write(a, nameA, b, nameB, output, Views.Terminal.IsTerminal(output));

    /// <summary>Writes the comparison, as tables when <paramref name="terminal"/>.</summary>
    internal static void Write(RunReport a, string nameA, RunReport b, string nameB, TextWriter output, bool terminal)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine($"compare  A: {nameA} (scenario {a.Scenario}, {a.Mode}, seed {a.Seed})");
        output.WriteLine($"         B: {nameB} (scenario {b.Scenario}, {b.Mode}, seed {b.Seed})");
        output.WriteLine();
        var knobs = a.Knobs.Keys.Union(b.Knobs.Keys).Order(StringComparer.Ordinal)
            .Where(k => a.Knobs.GetValueOrDefault(k) != b.Knobs.GetValueOrDefault(k))
            .Select(k => (Key: k, A: a.Knobs.GetValueOrDefault(k, "-"), B: b.Knobs.GetValueOrDefault(k, "-"))).ToArray();
        var rows = Rows(a, b);
        if (terminal)
        {
            WriteTables(Views.Terminal.Ansi(output), knobs, rows);
            return;
        }

        output.WriteLine(knobs.Length == 0 ? "settings: identical" : "settings that differ:");
        foreach (var (key, va, vb) in knobs)
        {
            output.WriteLine($"  {key,-34} {va,-20} → {vb}");
        }

        output.WriteLine();
        output.WriteLine($"  {"metric",-44} {"A",14} {"B",14} {"change",10}");
        foreach (var row in rows)
        {
            var (va, vb, change) = Cells(row);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {row.Name,-44} {va,14} {vb,14} {change,10}"));
        }
    }

    // The same as tables: the settings that differ, then every metric with its change coloured.
    private static void WriteTables(IAnsiConsole console, (string Key, string A, string B)[] knobs, List<(string Name, double A, double B)> rows)
    {
        if (knobs.Length == 0)
        {
            console.WriteLine("settings: identical");
        }
        else
        {
            var settings = new Table().Border(TableBorder.Rounded).Title("settings that differ").AddColumn("knob").AddColumn("A").AddColumn("B");
            foreach (var (key, va, vb) in knobs)
            {
                settings.AddRow(new Text(key), new Text(va), new Text(vb));
            }

            console.Write(settings);
        }

        var metrics = new Table().Border(TableBorder.Rounded).AddColumn("metric")
            .AddColumn(new TableColumn("A").RightAligned()).AddColumn(new TableColumn("B").RightAligned()).AddColumn(new TableColumn("change").RightAligned());
        foreach (var row in rows)
        {
            var (va, vb, change) = Cells(row);
            metrics.AddRow(new Text(row.Name), new Text(va), new Text(vb), new Text(change, new Style(change == "=" ? Color.Grey : Color.Yellow)));
        }

        console.Write(metrics);
    }

    // Every metric compared, in report order.
    private static List<(string Name, double A, double B)> Rows(RunReport a, RunReport b)
    {
        var rows = new List<(string Name, double A, double B)>();
        void Row(string name, double va, double vb) => rows.Add((name, va, vb));
        Row("packets injected", a.Packets.Injected, b.Packets.Injected);
        Row("packets delivered", a.Packets.Delivered, b.Packets.Delivered);
        foreach (var kind in a.Packets.Consumed.Keys.Union(b.Packets.Consumed.Keys).Order(StringComparer.Ordinal))
        {
            Row($"consumed by the kernel ({kind})", a.Packets.Consumed.GetValueOrDefault(kind), b.Packets.Consumed.GetValueOrDefault(kind));
        }

        Row("packets forwarded", a.Packets.Forwarded, b.Packets.Forwarded);
        Row("packets dropped", a.Packets.Dropped, b.Packets.Dropped);
        Row("still queued", a.Packets.StillQueued, b.Packets.StillQueued);
        Row("delivered per second (model time)", a.DeliveredPps, b.DeliveredPps);
        Row("out of order", a.Packets.OutOfOrder, b.Packets.OutOfOrder);
        foreach (var reason in a.Drops.Keys.Union(b.Drops.Keys).Order(StringComparer.Ordinal))
        {
            Row("drop " + reason, a.Drops.GetValueOrDefault(reason), b.Drops.GetValueOrDefault(reason));
        }

        foreach (var stage in a.LatencyNs.Keys.Union(b.LatencyNs.Keys))
        {
            var la = a.LatencyNs.GetValueOrDefault(stage);
            var lb = b.LatencyNs.GetValueOrDefault(stage);
            Row($"latency {stage} p50 µs", (la?.P50 ?? 0) / 1e3, (lb?.P50 ?? 0) / 1e3);
            Row($"latency {stage} p99 µs", (la?.P99 ?? 0) / 1e3, (lb?.P99 ?? 0) / 1e3);
        }

        for (int cpu = 0; cpu < Math.Max(a.Cpus.Count, b.Cpus.Count); cpu++)
        {
            Row($"cpu{cpu} busy %", Busy(a, cpu), Busy(b, cpu));
        }

        Row("softnet time_squeeze", a.Counters.TimeSqueeze, b.Counters.TimeSqueeze);
        Row("softnet dropped", a.Counters.SoftnetDropped, b.Counters.SoftnetDropped);
        Row("softnet received_rps", a.Counters.ReceivedRps, b.Counters.ReceivedRps);
        Row("softnet flow_limit_count", a.Counters.FlowLimitCount, b.Counters.FlowLimitCount);
        Row("interrupts", a.Counters.Interrupts, b.Counters.Interrupts);
        Row("ksoftirqd wakeups", a.Counters.KsoftirqdWakeups, b.Counters.KsoftirqdWakeups);
        Row("rx_missed_errors", a.Counters.RxMissedErrors, b.Counters.RxMissedErrors);
        Row("gro merged", a.Counters.GroMerged, b.Counters.GroMerged);
        foreach (var table in a.Snmp.Keys.Union(b.Snmp.Keys))
        {
            var ta = a.Snmp.GetValueOrDefault(table) ?? new Dictionary<string, long>();
            var tb = b.Snmp.GetValueOrDefault(table) ?? new Dictionary<string, long>();
            foreach (var field in ta.Keys.Union(tb.Keys).Where(f => ta.GetValueOrDefault(f) != tb.GetValueOrDefault(f)))
            {
                Row($"{table}: {field}", ta.GetValueOrDefault(field), tb.GetValueOrDefault(field));
            }
        }

        return rows;
    }

    private static double Busy(RunReport r, int cpu) => cpu < r.Cpus.Count ? 100 - r.Cpus[cpu].Idle : 0;

    // A row's cells: both values (whole numbers without decimals) and the change.
    private static (string A, string B, string Change) Cells((string Name, double A, double B) row)
    {
        var (_, a, b) = row;
        string change = a == b ? "=" : a == 0 ? "new" : string.Create(CultureInfo.InvariantCulture, $"{100.0 * (b - a) / Math.Abs(a):+0.0;-0.0}%");
        string format = a % 1 == 0 && b % 1 == 0 ? "F0" : "F2";
        return (a.ToString(format, CultureInfo.InvariantCulture), b.ToString(format, CultureInfo.InvariantCulture), change);
    }
}
