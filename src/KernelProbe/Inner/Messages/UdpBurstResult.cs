namespace ActorStack.KernelProbe;

// A message of the inner steps' line protocol: one JSON object per line of the step's stdout.

/// <summary>udp-burst's result.</summary>
internal sealed record UdpBurstResult
{
    public int Sent { get; init; }

    public int SendErrors { get; init; }

    public long BurstMicros { get; init; }
}
