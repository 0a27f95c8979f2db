using System.Globalization;

namespace ActorStack.Host.Reports.Svg;

/// <summary>
/// The per-CPU timeline: one band per CPU, time left to right, each bucket a stacked bar of %irq (bottom, red),
/// %soft (orange) and %usr (blue) as mpstat would split it. Hovering a bar shows its numbers.
/// </summary>
public static class TimelineChart
{
    private const string IrqColor = "#d62728";
    private const string SoftColor = "#ff7f0e";
    private const string UserColor = "#1f77b4";

    /// <summary>Renders <paramref name="timeline"/> as SVG text.</summary>
    public static string Render(string title, CpuTimeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        const double width = 900, left = 70, right = 30, top = 50, band = 70, gap = 14;
        int cpus = timeline.Cpus.Count;
        double height = top + (cpus * (band + gap)) + 50;
        double plotW = width - left - right;
        var svg = new SvgWriter(width, height, title);
        svg.Text(width / 2, 20, title, "middle", 15);
        Legend(svg, left, 36);
        int buckets = timeline.Cpus.Count == 0 ? 0 : timeline.Cpus.Max(c => c.Count);
        double barW = buckets == 0 ? 0 : plotW / buckets;
        for (int cpu = 0; cpu < cpus; cpu++)
        {
            double y0 = top + (cpu * (band + gap));
            svg.Rect(left, y0, plotW, band, "#f4f4f4");
            svg.Text(left - 8, y0 + (band / 2) + 4, $"CPU {cpu}", "end");
            var slices = timeline.Cpus[cpu];
            for (int b = 0; b < slices.Count; b++)
            {
                var s = slices[b];
                double x = left + (b * barW);
                double bottom = y0 + band;
                string tip = string.Create(CultureInfo.InvariantCulture, $"CPU {cpu} at {b * timeline.BucketNanos / 1e6:F3} ms: %irq {s.Irq:F1} %soft {s.Soft:F1} %usr {s.User:F1}");
                foreach (var (percent, color) in new[] { (s.Irq, IrqColor), (s.Soft, SoftColor), (s.User, UserColor) })
                {
                    double h = Math.Min(100, percent) / 100 * band;
                    svg.Rect(x, bottom - h, barW + 0.3, h, color, tip);
                    bottom -= h;
                }
            }
        }

        double axisY = top + (cpus * (band + gap));
        double totalMs = buckets * timeline.BucketNanos / 1e6;
        double step = LineChart.NiceStep(totalMs <= 0 ? 1 : totalMs, 8);
        for (double t = 0; t <= totalMs + 1e-9; t += step)
        {
            double x = left + (totalMs <= 0 ? 0 : t / totalMs * plotW);
            svg.Line(x, axisY - 6, x, axisY, "#444");
            svg.Text(x, axisY + 14, t.ToString("0.###", CultureInfo.InvariantCulture), "middle", 11);
        }

        svg.Text(left + (plotW / 2), axisY + 34, $"model time, ms (bucket {timeline.BucketNanos / 1e3:F0} µs)", "middle", 13);
        return svg.ToString();
    }

    private static void Legend(SvgWriter svg, double x, double y)
    {
        foreach (var (name, color) in new[] { ("%irq", IrqColor), ("%soft", SoftColor), ("%usr", UserColor) })
        {
            svg.Rect(x, y - 9, 12, 12, color);
            svg.Text(x + 16, y + 1, name, size: 11);
            x += 70;
        }
    }
}
