using System.Globalization;

namespace ActorStack.Host.Validate;

/// <summary>
/// One compared quantity: the kernel's figure, the model's, and the rule that decides pass or fail — equal counts,
/// or a rate within a stated tolerance.
/// </summary>
public sealed record ValidateRow(string Experiment, string Quantity, double? Kernel, double? Model, string Rule, bool Pass)
{
    /// <summary>Equal counts.</summary>
    public static ValidateRow Equal(string experiment, string quantity, double? kernel, double? model) =>
        new(experiment, quantity, kernel, model, "equal", kernel is not null && model is not null && kernel == model);

    /// <summary>Within <paramref name="relative"/> of the kernel's figure, or <paramref name="absolute"/>, whichever is larger.</summary>
    public static ValidateRow Within(string experiment, string quantity, double? kernel, double? model, double relative, double absolute)
    {
        bool pass = kernel is double k && model is double m && Math.Abs(m - k) <= Math.Max(absolute, relative * Math.Abs(k));
        string rule = relative > 0 ? $"±{relative * 100:F0}% or ±{absolute:G4}" : $"±{absolute:G4}";
        return new(experiment, quantity, kernel, model, rule, pass);
    }

    /// <summary>Both zero or both non-zero.</summary>
    public static ValidateRow SameSign(string experiment, string quantity, double? kernel, double? model) =>
        new(experiment, quantity, kernel, model, "both 0 or both > 0", kernel is double k && model is double m && (k == 0) == (m == 0));

    /// <summary>Formats a figure.</summary>
    public static string Text(double? value) => value switch
    {
        null => "-",
        double v when v == Math.Floor(v) && Math.Abs(v) < 1e15 => ((long)v).ToString(CultureInfo.InvariantCulture),
        double v => v.ToString("0.###", CultureInfo.InvariantCulture),
    };
}
