using System.Globalization;
using System.Text;
using System.Text.Json;
using ActorStack.Host.Reports;
using ActorStack.Host.Reports.Charts;
using ActorStack.Softirq.Skb;
using Spectre.Console;

namespace ActorStack.Host;

/// <summary>
/// Runs a scenario once per value of one knob, prints what changed (delivered vs offered, drops by reason,
/// time_squeeze, ksoftirqd, interrupts, where the CPU time went, latency) and, given an output directory, writes
/// every run's result file, sweep.json, sweep.csv and SVG charts: delivered vs the knob, latency vs the knob,
/// drops by reason vs the knob, and each run's per-CPU timeline.
/// </summary>
public static class Sweep
{
    /// <summary>
    /// Runs the sweep "KEY=V1,V2,..." (";" separates values that contain commas) over <paramref name="baseOptions"/>
    /// and writes its files into <paramref name="outDir"/>.
    /// </summary>
    public static int Run(ScenarioOptions baseOptions, string sweep, TextWriter output, string outDir)
    {
        ArgumentNullException.ThrowIfNull(baseOptions);
        ArgumentNullException.ThrowIfNull(sweep);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(outDir);
        var (key, points) = Plan(baseOptions, sweep);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sweep {key} over {points.Length} values (scenario {baseOptions.Name}, {baseOptions.Mode.ToString().ToLowerInvariant()} mode)"));
        bool allHold = true;
        var reports = new List<RunReport>();
        void RunAll(Action<string[]> row)
        {
            foreach (var (value, options) in points)
            {
                using var host = new SimulatedHost(options);
                var result = host.Run();
                allHold &= result.Conservation.Holds && result.Quiet;
                var report = RunReport.Of(result);
                reports.Add(report);
                row(Cells(value, result, report));
                string stem = Path.Combine(outDir, PointStem(reports.Count - 1, value));
                ResultFile.Write(report, stem + ".json");
                TimelineChart.Write($"{options.Name}, {key}={value}: per-CPU time", result.Timeline, stem + ".timeline.svg");
            }
        }

        if (Views.Terminal.IsTerminal(output))
        {
            // A terminal: a table that grows a row as each run ends.
            Views.GrowingTable.Run(output, Columns, add => RunAll(cells => add(cells, null)));
        }
        else
        {
            output.WriteLine("  value        offered/s  delivered/s  deliv%   dropped  top drop reason          squeeze  ksoftirqd  interrupts  p50 µs   p99 µs  busiest CPU (%irq/%soft/%sys+%usr)");
            RunAll(cells => output.WriteLine(Row(cells)));
        }

        WriteFiles(outDir, key, points.Select(p => p.Value).ToArray(), reports);
        output.WriteLine($"files: {outDir}/ (sweep.json, sweep.csv, delivered, latency and drops charts, point-NN-*.json and *.timeline charts; each chart as .svg and .png)");

        output.WriteLine(allHold ? "conservation held in every run" : "CONSERVATION FAILED in at least one run");
        return allHold ? 0 : 1;
    }

    /// <summary>Parses and validates every point before any runs, so a typo in the last value loses nothing.</summary>
    internal static (string Key, (string Value, ScenarioOptions Options)[] Points) Plan(ScenarioOptions baseOptions, string sweep)
    {
        int eq = sweep.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0 || eq == sweep.Length - 1)
        {
            throw new ArgumentException($"sweep {sweep}: expected KEY=V1,V2,...");
        }

        string key = sweep[..eq];
        string list = sweep[(eq + 1)..];
        var values = list.Split(list.Contains(';', StringComparison.Ordinal) ? ';' : ',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var points = values.Select(v =>
        {
            var options = Knobs.Apply(baseOptions, key, v);
            options.Validate();
            return (Value: v, Options: options);
        }).ToArray();
        return (key, points);
    }

    // The table's columns: header, right-aligned.
    private static readonly (string Header, bool Right)[] Columns =
    [
        ("value", false), ("offered/s", true), ("delivered/s", true), ("deliv%", true), ("dropped", true), ("top drop reason", false),
        ("squeeze", true), ("ksoftirqd", true), ("interrupts", true), ("p50 µs", true), ("p99 µs", true), ("busiest CPU (%irq/%soft/%sys+%usr)", false),
    ];

    // One run's row, cell by cell.
    private static string[] Cells(string value, RunResult result, RunReport report)
    {
        var c = result.Conservation;
        var top = result.Drops.OrderByDescending(d => d.Count).FirstOrDefault();
        string topReason = top.Count > 0 ? $"{top.Reason.KernelName()} {top.Count}" : "-";
        int busiest = Enumerable.Range(0, result.Cpus.Count).OrderBy(i => result.Cpus[i].Idle).First();
        var u = result.Cpus[busiest];
        var total = report.LatencyNs["total"];
        string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
        return
        [
            value, F($"{report.OfferedPps:F0}"), F($"{report.DeliveredPps:F0}"), F($"{100.0 * c.Delivered / Math.Max(1, c.Injected):F1}%"), F($"{c.Dropped}"), topReason,
            F($"{result.Counters.TimeSqueeze}"), F($"{result.Counters.KsoftirqdWakeups}"), F($"{result.Counters.Interrupts}"), F($"{total.P50 / 1e3:F1}"), F($"{total.P99 / 1e3:F1}"),
            F($"cpu{busiest} {u.Irq:F0}/{u.Soft:F0}/{u.Sys + u.User:F0}"),
        ];
    }

    // The plain row, in fixed columns.
    private static string Row(string[] c) => string.Create(CultureInfo.InvariantCulture,
        $"  {c[0],-12} {c[1],9} {c[2],12} {c[3],7} {c[4],9} {c[5],-24} {c[6],8} {c[7],10} {c[8],11} {c[9],7} {c[10],8}  {c[11]}");

    private static void WriteFiles(string outDir, string key, string[] values, List<RunReport> reports)
    {
        Directory.CreateDirectory(outDir);
        var sweepReport = new SweepReport(key, values, reports.Select((r, i) => new SweepPoint(
            values[i],
            PointStem(i, values[i]) + ".json",
            r.OfferedPps,
            r.DeliveredPps,
            r.Packets.Injected,
            r.Packets.Delivered,
            r.Packets.Dropped,
            r.Drops,
            r.LatencyNs["total"],
            r.Cpus.Max(c => 100 - c.Idle),
            r.Counters.TimeSqueeze,
            r.Packets.ConservationHolds)).ToList());
        File.WriteAllText(Path.Combine(outDir, "sweep.json"), JsonSerializer.Serialize(sweepReport, ResultFile.Json));

        var reasons = reports.SelectMany(r => r.Drops.Keys).Distinct().Order(StringComparer.Ordinal).ToArray();
        var csv = new StringBuilder();
        csv.Append(key).Append(",offered_pps,delivered_pps,injected,delivered,dropped,p50_ns,p90_ns,p99_ns,max_ns,max_cpu_busy_pct");
        foreach (var reason in reasons)
        {
            csv.Append(",drop_").Append(reason);
        }

        csv.Append('\n');
        foreach (var p in sweepReport.Points)
        {
            csv.Append(CultureInfo.InvariantCulture, $"\"{p.Value}\",{p.OfferedPps:F0},{p.DeliveredPps:F0},{p.Injected},{p.Delivered},{p.Dropped},{p.Latency.P50},{p.Latency.P90},{p.Latency.P99},{p.Latency.Max},{p.MaxCpuBusyPercent:F2}");
            foreach (var reason in reasons)
            {
                csv.Append(',').Append(p.Drops.GetValueOrDefault(reason).ToString(CultureInfo.InvariantCulture));
            }

            csv.Append('\n');
        }

        File.WriteAllText(Path.Combine(outDir, "sweep.csv"), csv.ToString());

        var delivered = new List<(string, IReadOnlyList<double>)>
        {
            ("offered/s", reports.Select(r => r.OfferedPps).ToArray()),
            ("delivered/s", reports.Select(r => r.DeliveredPps).ToArray()),
        };
        LineChart.Write(Path.Combine(outDir, "delivered.svg"), $"Delivered vs {key}", key, "datagrams per second (model time)", values, delivered);

        var latency = new List<(string, IReadOnlyList<double>)>
        {
            ("p50", reports.Select(r => r.LatencyNs["total"].P50 / 1e3).ToArray()),
            ("p90", reports.Select(r => r.LatencyNs["total"].P90 / 1e3).ToArray()),
            ("p99", reports.Select(r => r.LatencyNs["total"].P99 / 1e3).ToArray()),
            ("max", reports.Select(r => r.LatencyNs["total"].Max / 1e3).ToArray()),
        };
        LineChart.Write(Path.Combine(outDir, "latency.svg"), $"Latency wire → application vs {key}", key, "µs (delivered packets)", values, latency);

        var drops = reasons.Select(reason => (reason, (IReadOnlyList<double>)reports.Select(r => (double)r.Drops.GetValueOrDefault(reason)).ToArray())).ToList();
        if (drops.Count == 0)
        {
            drops.Add(("no drops", reports.Select(_ => 0.0).ToArray()));
        }

        LineChart.Write(Path.Combine(outDir, "drops.svg"), $"Drops by reason (SKB_DROP_REASON_*) vs {key}", key, "packets dropped", values, drops);
    }

    // point-NN-VALUE: the files of the index-th point (0-based), the value made safe for a file name.
    private static string PointStem(int index, string value) =>
        $"point-{index + 1:D2}-{new string(value.Select(c => char.IsLetterOrDigit(c) || c is '-' or '.' ? c : '_').ToArray())}";
}

/// <summary>sweep.json: one line of numbers per swept value, and the result file holding everything else.</summary>
public sealed record SweepReport(string Key, IReadOnlyList<string> Values, List<SweepPoint> Points)
{
    /// <summary>The schema of this file.</summary>
    public string Schema { get; init; } = "actorstack.sweep/1";
}

/// <summary>One point of a sweep.</summary>
public sealed record SweepPoint(
    string Value,
    string ResultFile,
    double OfferedPps,
    double DeliveredPps,
    long Injected,
    long Delivered,
    long Dropped,
    Dictionary<string, long> Drops,
    LatencyStats Latency,
    double MaxCpuBusyPercent,
    long TimeSqueeze,
    bool ConservationHolds);
