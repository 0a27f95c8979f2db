using System.Text.RegularExpressions;
using ScottPlot;

namespace ActorStack.Host.Reports.Charts;

/// <summary>Writes a ScottPlot chart as SVG and PNG; the same chart always gives the same bytes.</summary>
public static partial class ChartFile
{
    private static readonly Lazy<string> SansFont = new(() =>
        SkiaSharp.SKFontManager.Default.GetFontFamilies().FirstOrDefault(f => f is "DejaVu Sans" or "Liberation Sans" or "Arial") ?? Fonts.Sans);

    /// <summary>The font charts use: a sans-serif family this machine has.</summary>
    public static string Font => SansFont.Value;

    /// <summary>The chart as SVG text.</summary>
    /// <remarks>
    /// ScottPlot numbers clip paths (cl_HEX) from a process-wide counter, so the same chart drawn later in a process (a
    /// sweep, a test run) would name them differently; they are renumbered in document order.
    /// </remarks>
    public static string Svg(Plot plot, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(plot);
        string svg = plot.GetSvgXml(width, height);
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        return ClipId().Replace(svg, m =>
        {
            if (!ids.TryGetValue(m.Value, out string? id))
            {
                id = $"clip{ids.Count}";
                ids.Add(m.Value, id);
            }

            return id;
        });
    }

    /// <summary>Writes <paramref name="plot"/> to <paramref name="svgPath"/> and, beside it, the same chart as PNG.</summary>
    /// <returns>The PNG's path.</returns>
    public static string Write(Plot plot, int width, int height, string svgPath)
    {
        ArgumentNullException.ThrowIfNull(plot);
        File.WriteAllText(svgPath, Svg(plot, width, height));
        string png = PngPath(svgPath);
        File.WriteAllBytes(png, plot.GetImageBytes(width, height, ImageFormat.Png));
        return png;
    }

    /// <summary>Where the PNG twin of <paramref name="svgPath"/> goes.</summary>
    public static string PngPath(string svgPath) => Path.ChangeExtension(svgPath, ".png");

    [GeneratedRegex(@"\bcl_[0-9A-Fa-f]+\b")]
    private static partial Regex ClipId();
}
