using System.Globalization;
using System.Text.Json;
using ActorStack.Host.Reports;
using Spectre.Console;

namespace ActorStack.Host.Soak;

/// <summary>
/// The soak command: runs each row of a <see cref="SoakPlan"/> as a child process of this console (a normal scenario
/// run, <c>--view off --json none</c> plus the row's options) and prints its peak RSS (VmHWM, sampled), wall time,
/// exit code and packets injected and delivered. A table on a terminal, plain aligned text otherwise; with
/// <c>--json PATH</c>, a result file too. Exit code 1 when any row failed.
/// </summary>
internal static class SoakCommand
{
    private static readonly (string Header, bool Right)[] Columns =
    [
        ("mode", false), ("tracing", false), ("workload", false), ("model time", true), ("peak RSS", true), ("wall", true),
        ("exit", true), ("injected", true), ("delivered", true),
    ];

    public static int Run(SoakPlan plan, string? jsonPath, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(output);
        var (file, prefix) = SoakChild.Command();
        output.WriteLine($"soak: {plan.Rows.Count} rows, each a child process: {string.Join(' ', [file, .. prefix])} --view off --json none --mode M --rate R --packets N [--burst B] [--trace]");
        output.WriteLine($"peak RSS is the child's VmHWM (/proc/PID/status) sampled every {SoakChild.SampleInterval.TotalMilliseconds:F0} ms; traced rows export over OTLP/HTTP to {SoakChild.RefusingEndpoint}, which refuses, so spans go through the bounded export queue and are counted as lost");
        if (plan.Scale != 1)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"--scale {plan.Scale}: every workload sends that share of its packets"));
        }

        var results = new List<SoakResult>();
        if (Views.Terminal.IsTerminal(output))
        {
            // A terminal: a table that grows a row as each child ends, a failed one in red.
            Views.GrowingTable.Run(output, Columns, add =>
            {
                foreach (var row in plan.Rows)
                {
                    var result = SoakChild.Run(row, row.Arguments);
                    results.Add(result);
                    add(Cells(result), result.Succeeded ? (Style?)null : new Style(Color.Red));
                }
            });
        }
        else
        {
            output.WriteLine(Row(Columns.Select(c => c.Header).ToArray()));
            foreach (var row in plan.Rows)
            {
                var result = SoakChild.Run(row, row.Arguments);
                results.Add(result);
                output.WriteLine(Row(Cells(result)));
                output.Flush();
            }
        }

        foreach (var failed in results.Where(r => !r.Succeeded))
        {
            output.WriteLine($"FAILED: {failed.Row} exited {failed.ExitCode}{(failed.LastErrorLine is { } line ? $": {line}" : string.Empty)}");
        }

        if (plan.Skipped.Count > 0)
        {
            var modes = plan.Skipped.Select(r => r.ModeName).Distinct();
            var workloads = plan.Skipped.Select(r => r.Workload.Name).Distinct();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"skipped (over {SoakPlan.LongRowSeconds / 60:F0} min of wall time each, estimated): {string.Join(", ", plan.Skipped)}; run them with: soak --modes {string.Join(',', modes)} --workloads {string.Join(',', workloads)}"));
        }

        if (jsonPath is not null)
        {
            Write(jsonPath, plan, results);
            output.WriteLine($"results: {jsonPath}");
        }

        bool allSucceeded = results.All(r => r.Succeeded);
        output.WriteLine(allSucceeded ? "every row exited 0" : $"{results.Count(r => !r.Succeeded)} of {results.Count} rows FAILED");
        return allSucceeded ? 0 : 1;
    }

    // One row's cells, in column order.
    private static string[] Cells(SoakResult r)
    {
        string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
        return
        [
            r.Row.ModeName, r.Row.Tracing ? "on" : "off", r.Row.Workload.Name,
            F($"{r.Row.ModelSeconds:0.###} s"),
            r.PeakRssKb is { } kb ? F($"{kb / 1024.0:F0} MiB") : "n/a",
            F($"{r.WallSeconds:F1} s"),
            r.Succeeded ? "0" : F($"FAILED {r.ExitCode}"),
            r.Injected is { } injected ? F($"{injected:N0}") : "-",
            r.Delivered is { } delivered ? F($"{delivered:N0}") : "-",
        ];
    }

    // The plain row, in fixed columns.
    private static string Row(string[] c) => string.Create(CultureInfo.InvariantCulture,
        $"{c[0],-14} {c[1],-7} {c[2],-8} {c[3],10} {c[4],9} {c[5],8} {c[6],9} {c[7],11} {c[8],11}");

    private static void Write(string path, SoakPlan plan, List<SoakResult> results)
    {
        var report = new SoakReport(
            "actorstack.soak/1",
            "VmHWM from /proc/PID/status, sampled every 20 ms",
            plan.Scale,
            results.Select(r => new SoakReportRow(
                r.Row.ModeName, r.Row.Tracing, r.Row.Workload.Name, r.Row.ModelSeconds, [.. r.Row.Arguments],
                r.PeakRssKb, r.WallSeconds, r.ExitCode, r.Injected, r.Delivered)).ToArray(),
            plan.Skipped.Select(r => r.ToString()).ToArray());
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, JsonSerializer.Serialize(report, ResultFile.Json));
    }
}

/// <summary>A soak's result file.</summary>
internal sealed record SoakReport(string Schema, string PeakRss, double Scale, SoakReportRow[] Rows, string[] Skipped);

/// <summary>One row of a soak's result file.</summary>
internal sealed record SoakReportRow(
    string Mode, bool Tracing, string Workload, double ModelSeconds, string[] Arguments, long? PeakRssKb, double WallSeconds, int ExitCode, long? Injected, long? Delivered);
