using System.Text.Json;
using System.Text.Json.Serialization;

namespace ActorStack.KernelProbe;

/// <summary>Serializer settings: snake_case keys as in the Host's result files; nulls are written (a null truesize or
/// rcvbuf_requested is information).</summary>
public static class ProbeJson
{
    /// <summary>The report on stdout: indented.</summary>
    public static JsonSerializerOptions Report { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    /// <summary>Messages between the probe and its inner steps: one JSON object per line.</summary>
    internal static JsonSerializerOptions Line { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = false,
    };
}
