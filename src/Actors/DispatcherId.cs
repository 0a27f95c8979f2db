namespace ActorStack.Actors;

/// <summary>Where an actor runs: pinned to a simulated CPU, or on the shared dispatcher (hardware, wire, helpers).</summary>
public readonly record struct DispatcherId
{
    private DispatcherId(int cpu) => Cpu = cpu;

    /// <summary>The simulated CPU, or -1 for the shared dispatcher.</summary>
    public int Cpu { get; }

    /// <summary>True when the actor belongs to no simulated CPU.</summary>
    public bool IsShared => Cpu < 0;

    /// <summary>The shared dispatcher.</summary>
    public static DispatcherId Shared { get; } = new(-1);

    /// <summary>Pins an actor to simulated CPU <paramref name="cpu"/>.</summary>
    public static DispatcherId ForCpu(int cpu) =>
        cpu >= 0 ? new DispatcherId(cpu) : throw new ArgumentOutOfRangeException(nameof(cpu), cpu, "CPU must be >= 0.");

    /// <inheritdoc />
    public override string ToString() => IsShared ? "shared" : $"cpu{Cpu}";
}
