namespace ActorStack.Engine;

/// <summary>
/// Deterministic-mode clock. Only the deterministic dispatcher moves it. Between turns it reads the global event time;
/// during a turn it reads the running actor's own time, which <see cref="IActorContext.Spend"/> moves forward.
/// </summary>
public sealed class VirtualClock : IClock
{
    /// <summary>The fixed instant virtual time 0 maps to, so traces of the same seed are identical.</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <inheritdoc />
    public long NowNanos { get; private set; }

    /// <inheritdoc />
    public DateTimeOffset UtcNow => Epoch.AddTicks(NowNanos / 100);

    /// <summary>Moves time forward to <paramref name="nanos"/>; never backwards.</summary>
    public void AdvanceTo(long nanos)
    {
        if (nanos < NowNanos)
        {
            throw new InvalidOperationException($"Virtual time cannot go back from {NowNanos} to {nanos} ns.");
        }

        NowNanos = nanos;
    }

    /// <summary>Ends a turn: back from the actor's own time to the global event time the turn started at.</summary>
    internal void ReturnTo(long eventNanos) => NowNanos = eventNanos;
}
