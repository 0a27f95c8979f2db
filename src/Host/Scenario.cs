using ActorStack.Softirq;

namespace ActorStack.Host;

/// <summary>
/// A scenario: name, what it shows, and its settings (KEY=VALUE, the keys of --set), from a shipped YAML file or the
/// user's own. Options given after --scenario override its settings.
/// </summary>
public sealed record Scenario(string Name, string Description, IReadOnlyList<string> Settings)
{
    /// <summary>The file it came from (a path, or embedded:NAME.yaml for a shipped one).</summary>
    public string? Source { get; init; }

    /// <summary>Where each setting came from in <see cref="Source"/>, for error messages.</summary>
    public IReadOnlyList<ScenarioSetting> Lines { get; init; } = [];

    /// <summary>
    /// Applies the settings to <paramref name="options"/> and validates the result. An error names the file, the
    /// line and the YAML key of the setting at fault, and what is allowed.
    /// </summary>
    public ScenarioOptions ApplyTo(ScenarioOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options = options with { Name = Name };
        for (int i = 0; i < Settings.Count; i++)
        {
            try
            {
                options = Knobs.Apply(options, Settings[i]);
            }
            catch (ArgumentException error)
            {
                throw Located(i < Lines.Count ? Lines[i] : null, error);
            }
        }

        try
        {
            options.Validate();
        }
        catch (ArgumentException error)
        {
            string key = (error as SettingException)?.Key ?? string.Empty;
            throw Located(Lines.LastOrDefault(l => l.Knob == key), error);
        }

        return options;
    }

    private ArgumentException Located(ScenarioSetting? setting, ArgumentException error)
    {
        if (Source is null)
        {
            return error;
        }

        return setting is null
            ? new ArgumentException($"{Source}: {error.Message}", error)
            : new ArgumentException($"{Source}:{setting.Line}: {setting.Path}: {error.Message}", error);
    }
}
