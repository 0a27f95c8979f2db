namespace ActorStack.Engine;

/// <summary>
/// Seeds for the model's own random streams (injected faults, malformed frames), derived from the run's seed. Not
/// HashCode.Combine: .NET randomizes it per process, so the same --seed would give other streams in every run.
/// </summary>
public static class Seeds
{
    /// <summary>A seed for the stream <paramref name="salt"/> of <paramref name="part"/> in a run seeded <paramref name="seed"/>: the same inputs, the same seed, in any process.</summary>
    public static int Derive(int seed, int part, int salt)
    {
        // SplitMix64's finaliser over the three inputs: well spread, and fixed across processes and platforms.
        ulong z = ((ulong)(uint)seed << 32) ^ (uint)part ^ ((ulong)(uint)salt * 0x9E3779B97F4A7C15UL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (int)(z ^ (z >> 32));
    }
}
