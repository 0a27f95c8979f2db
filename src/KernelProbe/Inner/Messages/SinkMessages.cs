namespace ActorStack.KernelProbe;

// A message of the inner steps' line protocol: one JSON object per line of the step's stdout.

/// <summary>udp-sink's first line: bound and ready, with its sk_rcvbuf.</summary>
internal sealed record SinkReady
{
    public int SkRcvbuf { get; init; }
}

/// <summary>udp-sink's last line, after the probe told it to drain.</summary>
internal sealed record SinkResult
{
    public int Drained { get; init; }
}
