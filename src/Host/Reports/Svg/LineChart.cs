using System.Globalization;

namespace ActorStack.Host.Reports.Svg;

/// <summary>
/// A line chart of one or more series over a swept knob. A numeric knob gets a linear axis; anything else
/// (on/off, lists) is spaced evenly with its values as labels.
/// </summary>
public static class LineChart
{
    private static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#17becf", "#bcbd22"];

    /// <summary>Renders the chart as SVG text.</summary>
    public static string Render(string title, string xLabel, string yLabel, IReadOnlyList<string> xValues, IReadOnlyList<(string Name, IReadOnlyList<double> Values)> series)
    {
        ArgumentNullException.ThrowIfNull(xValues);
        ArgumentNullException.ThrowIfNull(series);
        const double width = 800, height = 440, left = 80, right = 210, top = 40, bottom = 60;
        double plotW = width - left - right, plotH = height - top - bottom;
        var svg = new SvgWriter(width, height, title);
        svg.Text(width / 2, 22, title, "middle", 15);

        bool numeric = xValues.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        double[] xs = numeric
            ? xValues.Select(v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray()
            : Enumerable.Range(0, xValues.Count).Select(i => (double)i).ToArray();
        double xMin = xs.Length == 0 ? 0 : xs.Min(), xMax = xs.Length == 0 ? 1 : xs.Max();
        if (numeric)
        {
            xMin = Math.Min(0, xMin);
        }

        if (xMax <= xMin)
        {
            xMax = xMin + 1;
        }

        double yMax = series.SelectMany(s => s.Values).Where(double.IsFinite).DefaultIfEmpty(0).Max();
        double yStep = NiceStep(yMax <= 0 ? 1 : yMax, 5);
        yMax = Math.Max(yStep, Math.Ceiling(yMax / yStep) * yStep);
        double X(double x) => left + ((x - xMin) / (xMax - xMin) * plotW);
        double Y(double y) => top + plotH - (y / yMax * plotH);

        // Grid and y ticks.
        for (double y = 0; y <= yMax + (yStep / 2); y += yStep)
        {
            svg.Line(left, Y(y), left + plotW, Y(y), "#e0e0e0");
            svg.Text(left - 8, Y(y) + 4, Format(y), "end");
        }

        // x ticks: the swept values themselves.
        for (int i = 0; i < xs.Length; i++)
        {
            svg.Line(X(xs[i]), top + plotH, X(xs[i]), top + plotH + 5, "#444");
            svg.Text(X(xs[i]), top + plotH + 18, numeric ? Format(xs[i]) : xValues[i], "middle", 11);
        }

        svg.Line(left, top, left, top + plotH, "#444");
        svg.Line(left, top + plotH, left + plotW, top + plotH, "#444");
        svg.Text(left + (plotW / 2), height - 15, xLabel, "middle", 13);
        svg.Text(20, top + (plotH / 2), yLabel, "middle", 13, rotate: -90);

        for (int s = 0; s < series.Count; s++)
        {
            string color = Palette[s % Palette.Length];
            var (name, values) = series[s];
            var points = xs.Zip(values).Where(p => double.IsFinite(p.Second)).Select(p => (X(p.First), Y(p.Second))).ToArray();
            svg.Polyline(points, color);
            for (int i = 0; i < Math.Min(xs.Length, values.Count); i++)
            {
                if (double.IsFinite(values[i]))
                {
                    svg.Circle(X(xs[i]), Y(values[i]), 3.5, color, $"{name} at {xValues[i]}: {Format(values[i])}");
                }
            }

            double ly = top + 10 + (s * 20);
            svg.Line(left + plotW + 15, ly, left + plotW + 40, ly, color, 3);
            svg.Text(left + plotW + 46, ly + 4, name, size: 11);
        }

        return svg.ToString();
    }

    internal static string Format(double v) => Math.Abs(v) switch
    {
        >= 1e6 => (v / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + "M",
        >= 1e4 => (v / 1e3).ToString("0.##", CultureInfo.InvariantCulture) + "k",
        _ => v.ToString("0.##", CultureInfo.InvariantCulture),
    };

    // A 1-2-5 step giving about `ticks` intervals up to max.
    internal static double NiceStep(double max, int ticks)
    {
        double raw = max / ticks;
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double fraction = raw / magnitude;
        return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * magnitude;
    }
}
