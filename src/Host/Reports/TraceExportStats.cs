namespace ActorStack.Host.Reports;

/// <summary>What happened to the spans of a traced run: nothing is lost without being counted here.</summary>
public sealed record TraceExportStats(string Sampling, long SpansStarted, long Exported, long DroppedQueueFull, long FailedExport, string? JaegerFile);
