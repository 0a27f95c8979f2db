namespace ActorStack.Engine;

/// <summary>How to build a <see cref="Simulation"/>.</summary>
public sealed record SimulationOptions
{
    /// <summary>Live or deterministic.</summary>
    public ExecutionMode Mode { get; init; } = ExecutionMode.Live;

    /// <summary>Simulated CPUs (placements an actor can be pinned to).</summary>
    public int CpuCount { get; init; } = 2;

    /// <summary>Seed of the deterministic interleaving.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Messages per mailbox run on the live dispatchers (Akka's throughput).</summary>
    public int Throughput { get; init; } = 64;

    /// <summary>
    /// Deterministic mode: each Spend varies by up to ± this fraction, drawn from the seeded RNG, as real costs vary
    /// from packet to packet. 0 (the default) keeps costs exact; the seed then only decides exact ties.
    /// </summary>
    public double CostJitter { get; init; }

    /// <summary>Width of a bucket of the per-CPU utilisation timeline (<see cref="CpuUsage.Timeline"/>), model ns.</summary>
    public long TimelineBucketNanos { get; init; } = 50_000;

    /// <summary>Faults to inject into model actors (<c>--fault</c>).</summary>
    public IReadOnlyList<FaultRule> Faults { get; init; } = [];

    /// <summary>Akka's own log level (its system actors, dead letters, supervision); the model has its own log.</summary>
    public string AkkaLogLevel { get; init; } = "WARNING";
}
