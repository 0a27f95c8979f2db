namespace ActorStack.KernelProbe;

// A message of the inner steps' line protocol: one JSON object per line of the step's stdout.

/// <summary>udp-flood's result.</summary>
internal sealed record UdpFloodResult
{
    public int Sent { get; init; }

    public int SendErrors { get; init; }

    public Dictionary<string, int> SendErrorsByKind { get; init; } = [];

    public long SendMicros { get; init; }

    public int Cpu { get; init; }
}
