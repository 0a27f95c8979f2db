namespace ActorStack.KernelProbe;

// A message of the inner steps' line protocol: one JSON object per line of the step's stdout.

/// <summary>tcp-client's result.</summary>
internal sealed record TcpClientResult
{
    public long BytesWritten { get; init; }

    public int SndMss { get; init; }

    public long DataSegsOut { get; init; }

    public long TotalRetrans { get; init; }

    public string? Error { get; init; }
}
