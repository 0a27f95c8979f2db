using System.Text.Json;
using System.Text.Json.Serialization;

namespace ActorStack.Host.Reports;

/// <summary>Writes and reads result files (JSON, snake_case keys).</summary>
public static class ResultFile
{
    /// <summary>The serializer settings every result and sweep file uses.</summary>
    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Writes <paramref name="report"/> to <paramref name="path"/>, creating its directory.</summary>
    public static void Write(RunReport report, string path)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(path);
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, JsonSerializer.Serialize(report, Json));
    }

    /// <summary>Reads a result file; a clear error naming the file if it is missing or not a run result.</summary>
    public static RunReport Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new ArgumentException($"{path}: no such file.");
        }

        RunReport? report;
        try
        {
            report = JsonSerializer.Deserialize<RunReport>(File.ReadAllText(path), Json);
        }
        catch (JsonException error)
        {
            throw new ArgumentException($"{path}: not an ActorStack result file ({error.Message}).", error);
        }

        if (report is null || report.Schema != RunReport.SchemaName)
        {
            throw new ArgumentException($"{path}: not an ActorStack result file (schema '{report?.Schema}', expected '{RunReport.SchemaName}').");
        }

        return report;
    }
}
