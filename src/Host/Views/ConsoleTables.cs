using System.Globalization;
using ActorStack.Host.Reports;
using ActorStack.Softirq.Skb;
using Spectre.Console;

namespace ActorStack.Host.Views;

/// <summary>The console's own tables as Spectre.Console widgets, for a terminal.</summary>
public static class ConsoleTables
{
    /// <summary>
    /// Writes a run's report: the settings, drops and latency as tables, and the rest (ss, mpstat, the /proc files,
    /// netstat -s, iptables -L, /proc/interrupts, ethtool -S) verbatim, exactly the kernel's text.
    /// </summary>
    public static void WriteReport(IAnsiConsole console, TextWriter raw, RunResult result)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(result);
        raw.Write(result.FormatHead());
        raw.Flush();
        console.Write(Drops(result.Drops));
        console.Write(Latency(result.Latency));
        raw.Write(result.FormatTail());
        raw.Flush();
    }

    /// <summary>Drops by reason (dropwatch).</summary>
    public static Table Drops(IReadOnlyList<(SkbDropReason Reason, long Count)> drops)
    {
        ArgumentNullException.ThrowIfNull(drops);
        var table = new Table().Border(TableBorder.Rounded).Title("drops by reason (dropwatch)")
            .AddColumn(new TableColumn("packets").RightAligned())
            .AddColumn("reason")
            .AddColumn("where");
        if (drops.Count == 0)
        {
            table.AddRow("[green]0[/]", "none", string.Empty);
        }

        foreach (var (reason, count) in drops)
        {
            table.AddRow(
                new Markup($"[red]{count.ToString(CultureInfo.InvariantCulture)}[/]"),
                new Text($"SKB_DROP_REASON_{reason.KernelName()}"),
                new Text(RunResult.DropWhere(reason).Trim()));
        }

        return table;
    }

    /// <summary>Latency per stage, wire to application, in µs of model time.</summary>
    public static Table Latency(IReadOnlyList<LatencyRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var table = new Table().Border(TableBorder.Rounded).Title("latency, wire to application (delivered packets, µs of model time)")
            .AddColumn("stage");
        foreach (string column in new[] { "p50", "p90", "p99", "max" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (var row in rows)
        {
            bool total = row.Key == "total";
            string Cell(long nanos)
            {
                string value = string.Create(CultureInfo.InvariantCulture, $"{nanos / 1e3:F2}");
                return total ? $"[bold]{value}[/]" : value;
            }

            table.AddRow(total ? $"[bold]{Markup.Escape(row.Description)}[/]" : Markup.Escape(row.Description), Cell(row.P50), Cell(row.P90), Cell(row.P99), Cell(row.Max));
        }

        return table;
    }

    /// <summary>A two-column table (name and what it is), as list and keys print.</summary>
    public static Table Pairs(string nameHeader, string textHeader, IEnumerable<(string Name, string Text)> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var table = new Table().Border(TableBorder.Simple).AddColumn(new TableColumn(nameHeader).NoWrap()).AddColumn(textHeader);
        foreach (var (name, text) in rows)
        {
            table.AddRow(new Text(name, new Style(Color.Aqua)), new Text(text));
        }

        return table;
    }
}
