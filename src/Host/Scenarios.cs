using System.Reflection;

namespace ActorStack.Host;

/// <summary>
/// The shipped scenarios: YAML files embedded in the console (src/Host/scenarios), each showing one phenomenon of
/// the receive path. Loaded and validated the same way as a user's own file.
/// </summary>
public static class Scenarios
{
    // The order `list` shows them in.
    private static readonly string[] Order = ["default", "single-queue", "rss-2", "rss-4", "rps", "rfs-migrate", "livelock", "squeeze", "incast", "poisson", "tcp-loss", "tcp-backlog", "tcp-accept-overflow", "select-many", "epoll-many", "herd", "herd-exclusive", "busy-poll", "busy-poll-prefer"];

    private static readonly Lazy<IReadOnlyList<Scenario>> Shipped = new(Load);

    /// <summary>The scenarios, in a sensible reading order.</summary>
    public static IReadOnlyList<Scenario> All => Shipped.Value;

    /// <summary>The shipped scenario named <paramref name="name"/>, or a YAML file at that path.</summary>
    public static Scenario Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (ScenarioFile.IsFile(name))
        {
            return ScenarioFile.Load(name);
        }

        return All.FirstOrDefault(s => s.Name == name)
            ?? throw new ArgumentException($"unknown scenario '{name}'. Shipped: {string.Join(", ", All.Select(s => s.Name))}; or give a path to a .yaml file.");
    }

    /// <summary>The YAML text of a shipped scenario (describe prints it; a user can start a file from it).</summary>
    public static string Yaml(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"scenarios/{name}.yaml")
            ?? throw new ArgumentException($"unknown scenario '{name}'.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Applies <paramref name="scenario"/>'s settings to <paramref name="options"/>, validated.</summary>
    public static ScenarioOptions Apply(ScenarioOptions options, Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return scenario.ApplyTo(options);
    }

    private static IReadOnlyList<Scenario> Load()
    {
        var names = Assembly.GetExecutingAssembly().GetManifestResourceNames()
            .Where(n => n.StartsWith("scenarios/", StringComparison.Ordinal))
            .Select(n => n["scenarios/".Length..^".yaml".Length])
            .OrderBy(n => Array.IndexOf(Order, n) is int i and >= 0 ? i : int.MaxValue)
            .ThenBy(n => n, StringComparer.Ordinal);
        return names.Select(n => ScenarioFile.Parse(Yaml(n), $"embedded:{n}.yaml")).ToArray();
    }
}
