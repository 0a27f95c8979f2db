using System.Globalization;
using ScottPlot;

namespace ActorStack.Host.Reports.Charts;

/// <summary>
/// The per-CPU timeline, drawn with ScottPlot: one band per CPU (CPU 0 on top), model time left to right, each bucket
/// a stacked bar of %irq (bottom, red), %soft (orange) and %usr (blue) as mpstat would split it.
/// </summary>
public static class TimelineChart
{
    /// <summary>Chart width in pixels.</summary>
    public const int Width = 900;

    private const double Band = 100;
    private const double Gap = 20;
    private static readonly Color IrqColor = Color.FromHex("#d62728");
    private static readonly Color SoftColor = Color.FromHex("#ff7f0e");
    private static readonly Color UserColor = Color.FromHex("#1f77b4");
    private static readonly Color SysColor = Color.FromHex("#2ca02c");
    private static readonly Color StealColor = Color.FromHex("#7f7f7f");

    /// <summary>Chart height in pixels for <paramref name="cpus"/> CPUs.</summary>
    public static int Height(int cpus) => 140 + (Math.Max(1, cpus) * 90);

    /// <summary>The chart of <paramref name="timeline"/>.</summary>
    public static Plot Build(string title, CpuTimeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        var plot = new Plot();
        plot.Font.Set(ChartFile.Font);
        plot.Title(title);
        int cpus = timeline.Cpus.Count;
        double bucketMs = timeline.BucketNanos / 1e6;
        int buckets = cpus == 0 ? 0 : timeline.Cpus.Max(c => c.Count);
        double endMs = Math.Max(bucketMs, buckets * bucketMs);
        var bars = new List<Bar>();
        var ticks = new List<(double Position, string Label)>();
        for (int cpu = 0; cpu < cpus; cpu++)
        {
            double y0 = (cpus - 1 - cpu) * (Band + Gap);
            var background = plot.Add.Rectangle(0, endMs, y0, y0 + Band);
            background.FillColor = Color.FromHex("#f4f4f4");
            background.LineWidth = 0;
            ticks.Add((y0 + (Band / 2), $"CPU {cpu}"));
            var slices = timeline.Cpus[cpu];
            for (int b = 0; b < slices.Count; b++)
            {
                var s = slices[b];
                double bottom = y0;
                foreach (var (percent, color) in new[] { (s.Irq, IrqColor), (s.Soft, SoftColor), (s.Sys, SysColor), (s.User, UserColor), (s.Steal, StealColor) })
                {
                    double height = Math.Min(100, Math.Max(0, percent));
                    if (height > 0)
                    {
                        bars.Add(new Bar { Position = (b + 0.5) * bucketMs, Size = bucketMs, ValueBase = bottom, Value = Math.Min(y0 + Band, bottom + height), FillColor = color, LineWidth = 0 });
                    }

                    bottom += height;
                }
            }
        }

        if (bars.Count > 0)
        {
            plot.Add.Bars(bars);
        }

        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.Select(t => t.Position).ToArray(), ticks.Select(t => t.Label).ToArray());
        plot.XLabel(string.Create(CultureInfo.InvariantCulture, $"model time, ms (bucket {timeline.BucketNanos / 1e3:F0} µs)"));
        plot.Axes.SetLimits(0, endMs, -Gap / 2, Math.Max(1, cpus) * (Band + Gap) - (Gap / 2));
        plot.Grid.IsVisible = false;
        foreach (var (name, color) in new[] { ("%irq", IrqColor), ("%soft", SoftColor), ("%sys", SysColor), ("%usr", UserColor), ("%steal", StealColor) })
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = name, FillColor = color });
        }

        plot.Legend.Orientation = Orientation.Horizontal;
        plot.ShowLegend(Edge.Top);
        return plot;
    }

    /// <summary>The chart of <paramref name="timeline"/> as SVG text.</summary>
    public static string Render(string title, CpuTimeline timeline) => ChartFile.Svg(Build(title, timeline), Width, Height(timeline?.Cpus.Count ?? 0));

    /// <summary>Writes the chart to <paramref name="svgPath"/> and its PNG twin; returns the PNG's path.</summary>
    public static string Write(string title, CpuTimeline timeline, string svgPath) =>
        ChartFile.Write(Build(title, timeline), Width, Height(timeline?.Cpus.Count ?? 0), svgPath);
}
