using System.Globalization;
using System.Security;
using System.Text;

namespace ActorStack.Host.Reports.Svg;

/// <summary>A small SVG builder: invariant-culture numbers, escaped text.</summary>
internal sealed class SvgWriter
{
    private readonly StringBuilder _sb = new();

    public SvgWriter(double width, double height, string title)
    {
        _sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:F0}\" height=\"{height:F0}\" viewBox=\"0 0 {width:F0} {height:F0}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        _sb.Append(CultureInfo.InvariantCulture, $"<title>{Escape(title)}</title>\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    }

    public static string Escape(string text) => SecurityElement.Escape(text) ?? string.Empty;

    public void Line(double x1, double y1, double x2, double y2, string stroke, double width = 1, string? dash = null) =>
        _sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x1:F1}\" y1=\"{y1:F1}\" x2=\"{x2:F1}\" y2=\"{y2:F1}\" stroke=\"{stroke}\" stroke-width=\"{width:F1}\"{(dash is null ? string.Empty : $" stroke-dasharray=\"{dash}\"")}/>\n");

    public void Text(double x, double y, string text, string anchor = "start", double size = 12, string fill = "#222", double rotate = 0) =>
        _sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{x:F1}\" y=\"{y:F1}\" text-anchor=\"{anchor}\" font-size=\"{size:F0}\" fill=\"{fill}\"{(rotate == 0 ? string.Empty : $" transform=\"rotate({rotate:F0} {x:F1} {y:F1})\"")}>{Escape(text)}</text>\n");

    public void Rect(double x, double y, double w, double h, string fill, string? title = null)
    {
        _sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:F2}\" y=\"{y:F2}\" width=\"{Math.Max(0, w):F2}\" height=\"{Math.Max(0, h):F2}\" fill=\"{fill}\"");
        _sb.Append(title is null ? "/>\n" : $"><title>{Escape(title)}</title></rect>\n");
    }

    public void Polyline(IEnumerable<(double X, double Y)> points, string stroke, double width = 2)
    {
        _sb.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{width:F1}\" points=\"");
        foreach (var (x, y) in points)
        {
            _sb.Append(CultureInfo.InvariantCulture, $"{x:F1},{y:F1} ");
        }

        _sb.Append("\"/>\n");
    }

    public void Circle(double x, double y, double r, string fill, string title) =>
        _sb.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{x:F1}\" cy=\"{y:F1}\" r=\"{r:F1}\" fill=\"{fill}\"><title>{Escape(title)}</title></circle>\n");

    public override string ToString() => _sb + "</svg>\n";
}
