namespace ActorStack.Engine;

/// <summary>How a system runs its actors.</summary>
public enum ExecutionMode
{
    /// <summary>Each simulated CPU is a real thread; wall clock; real contention.</summary>
    Live,

    /// <summary>One thread, virtual clock, seeded interleaving: the same seed gives the same result.</summary>
    Deterministic,
}
