namespace ActorStack.Actors;

/// <summary>How to build an actor system.</summary>
public sealed record ActorSystemOptions
{
    /// <summary>Live or deterministic.</summary>
    public ExecutionMode Mode { get; init; } = ExecutionMode.Live;

    /// <summary>Simulated CPUs (dispatchers an actor can be pinned to).</summary>
    public int CpuCount { get; init; } = 2;

    /// <summary>Seed of the deterministic interleaving.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Default messages per turn on live dispatchers.</summary>
    public int Throughput { get; init; } = 64;

    /// <summary>
    /// Default messages per turn in deterministic mode. 1 makes every message a scheduling point, which is what
    /// lets different seeds explore different interleavings.
    /// </summary>
    public int DeterministicThroughput { get; init; } = 1;

    /// <summary>
    /// Deterministic mode: each Spend varies by up to ± this fraction, drawn from the seeded RNG, as real costs vary
    /// from packet to packet. 0 (the default) keeps costs exact; the seed then only decides exact ties.
    /// </summary>
    public double CostJitter { get; init; }

    /// <summary>Width of a bucket of the per-CPU utilisation timeline (<see cref="CpuUsage.Timeline"/>), model ns.</summary>
    public long TimelineBucketNanos { get; init; } = 50_000;
}
