namespace ActorStack.Host.Reports;

/// <summary>What happened to the spans of a traced run: nothing is lost without being counted here.</summary>
public sealed record TraceExportStats(string Sampling, long SpansStarted, IReadOnlyList<ExporterStats> Exporters);

/// <summary>
/// One exporter's account: spans exported; lost to a full queue; in exports that failed (e.g. no collector
/// listening); left out by dropped-only sampling because the packet was delivered; still undecided at the end
/// (packets still queued); evicted undecided from a full hold buffer.
/// </summary>
public sealed record ExporterStats(string Name, string Target, long Exported, long DroppedQueueFull, long Failed, long FilteredDelivered, long Undecided, long Evicted)
{
    /// <summary>Spans dropped after an export had failed (the collector was unavailable or did not answer).</summary>
    public long DroppedUnavailable { get; init; }
}
