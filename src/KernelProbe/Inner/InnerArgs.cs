using System.Globalization;

namespace ActorStack.KernelProbe;

/// <summary>The <c>--key value</c> arguments the probe passes to an inner step.</summary>
internal sealed class InnerArgs
{
    private readonly Dictionary<string, string> _values = [];

    public InnerArgs(IReadOnlyList<string> args)
    {
        for (int i = 0; i + 1 < args.Count; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"expected --key value, got '{args[i]}'");
            }

            _values[args[i][2..]] = args[i + 1];
        }
    }

    public string String(string key) =>
        _values.TryGetValue(key, out string? value) ? value : throw new ArgumentException($"missing --{key}");

    public int Int(string key) => int.Parse(String(key), CultureInfo.InvariantCulture);

    /// <summary>A comma-separated list of integers; "unset" is null.</summary>
    public IReadOnlyList<int?> OptionalInts(string key) =>
        String(key).Split(',')
            .Select(item => item == "unset" ? (int?)null : int.Parse(item, CultureInfo.InvariantCulture))
            .ToList();
}
