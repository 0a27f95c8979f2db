namespace ActorStack.KernelProbe;

// A message of the inner steps' line protocol: one JSON object per line of the step's stdout.

/// <summary>tcp-server's first line: listening.</summary>
internal sealed record TcpServerReady
{
    public int ListenSkRcvbuf { get; init; }
}

/// <summary>tcp-server's result.</summary>
internal sealed record TcpServerResult
{
    public int AcceptedSkRcvbuf { get; init; }

    public long BytesRead { get; init; }

    public int RcvMss { get; init; }

    public long DataSegsIn { get; init; }

    public long BytesReceived { get; init; }

    public List<RecvQSample> Samples { get; init; } = [];
}
