using System.Text.Json;

namespace ActorStack.KernelProbe;

/// <summary>How an inner step talks to the probe: one JSON line on stdout per message.</summary>
internal static class InnerOutput
{
    public static void Send<T>(T message)
    {
        Console.Out.WriteLine(JsonSerializer.Serialize(message, ProbeJson.Line));
        Console.Out.Flush();
    }
}
