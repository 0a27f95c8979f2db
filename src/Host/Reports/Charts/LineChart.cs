using System.Globalization;
using ScottPlot;

namespace ActorStack.Host.Reports.Charts;

/// <summary>
/// A line chart of one or more series over a swept knob, drawn with ScottPlot. A numeric knob gets a linear axis;
/// anything else (on/off, lists) is spaced evenly with its values as labels.
/// </summary>
public static class LineChart
{
    /// <summary>Chart size in pixels.</summary>
    public const int Width = 800, Height = 440;

    private static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#17becf", "#bcbd22"];

    /// <summary>The chart.</summary>
    public static Plot Build(string title, string xLabel, string yLabel, IReadOnlyList<string> xValues, IReadOnlyList<(string Name, IReadOnlyList<double> Values)> series)
    {
        ArgumentNullException.ThrowIfNull(xValues);
        ArgumentNullException.ThrowIfNull(series);
        var plot = new Plot();
        plot.Font.Set(ChartFile.Font);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        bool numeric = xValues.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        double[] xs = numeric
            ? xValues.Select(v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray()
            : Enumerable.Range(0, xValues.Count).Select(i => (double)i).ToArray();
        // The swept values themselves are the x ticks.
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(xs, numeric ? xs.Select(Format).ToArray() : xValues.ToArray());
        for (int s = 0; s < series.Count; s++)
        {
            var (name, values) = series[s];
            var points = xs.Zip(values).Where(p => double.IsFinite(p.Second)).ToArray();
            var line = plot.Add.Scatter(points.Select(p => p.First).ToArray(), points.Select(p => p.Second).ToArray(), Color.FromHex(Palette[s % Palette.Length]));
            line.LegendText = name;
            line.LineWidth = 2;
            line.MarkerSize = 7;
        }

        double yMax = series.SelectMany(s => s.Values).Where(double.IsFinite).DefaultIfEmpty(0).Max();
        double xMin = xs.Length == 0 ? 0 : xs.Min(), xMax = xs.Length == 0 ? 1 : xs.Max();
        double xPad = Math.Max(1e-9, (xMax - xMin) * 0.05);
        plot.Axes.SetLimits(numeric ? Math.Min(0, xMin) : xMin - 0.5, xMax + (numeric ? xPad : 0.5), 0, yMax <= 0 ? 1 : yMax * 1.08);
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    /// <summary>The chart as SVG text.</summary>
    public static string Render(string title, string xLabel, string yLabel, IReadOnlyList<string> xValues, IReadOnlyList<(string Name, IReadOnlyList<double> Values)> series) =>
        ChartFile.Svg(Build(title, xLabel, yLabel, xValues, series), Width, Height);

    /// <summary>Writes the chart to <paramref name="svgPath"/> and its PNG twin.</summary>
    public static void Write(string svgPath, string title, string xLabel, string yLabel, IReadOnlyList<string> xValues, IReadOnlyList<(string Name, IReadOnlyList<double> Values)> series) =>
        ChartFile.Write(Build(title, xLabel, yLabel, xValues, series), Width, Height, svgPath);

    /// <summary>A tick label: 1.5M, 200k, 0.25.</summary>
    internal static string Format(double v) => Math.Abs(v) switch
    {
        >= 1e6 => (v / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + "M",
        >= 1e4 => (v / 1e3).ToString("0.##", CultureInfo.InvariantCulture) + "k",
        _ => v.ToString("0.##", CultureInfo.InvariantCulture),
    };
}
