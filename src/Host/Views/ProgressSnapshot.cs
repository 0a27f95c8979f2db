namespace ActorStack.Host.Views;

/// <summary>The counters a live view samples while a scenario runs.</summary>
public sealed record ProgressSnapshot(
    long ModelNanos,
    long TargetPackets,
    long Injected,
    long Delivered,
    long Dropped,
    string? TopDropReason,
    IReadOnlyList<long> BusyNanos);
