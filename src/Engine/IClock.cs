namespace ActorStack.Engine;

/// <summary>The only source of time for actors. Live: the wall clock. Deterministic: a virtual clock moved by the dispatcher.</summary>
public interface IClock
{
    /// <summary>Nanoseconds since the system started.</summary>
    long NowNanos { get; }

    /// <summary>The wall-clock instant matching <see cref="NowNanos"/> (virtual time maps onto a fixed epoch).</summary>
    DateTimeOffset UtcNow { get; }
}
