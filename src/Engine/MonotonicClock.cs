using System.Diagnostics;

namespace ActorStack.Engine;

/// <summary>Live-mode clock: monotonic wall time since the system started.</summary>
public sealed class MonotonicClock : IClock
{
    private long _startTimestamp = Stopwatch.GetTimestamp();
    private DateTimeOffset _startUtc = DateTimeOffset.UtcNow;

    /// <inheritdoc />
    public long NowNanos
    {
        get
        {
            long ticks = Stopwatch.GetTimestamp() - _startTimestamp;
            // Split to avoid overflow of ticks * 1e9 on long runs.
            long seconds = ticks / Stopwatch.Frequency;
            long rest = ticks % Stopwatch.Frequency;
            return (seconds * 1_000_000_000L) + (rest * 1_000_000_000L / Stopwatch.Frequency);
        }
    }

    /// <inheritdoc />
    public DateTimeOffset UtcNow => _startUtc.AddTicks(NowNanos / 100);

    /// <summary>Model time 0 is now: called once the simulation is built, so start-up is not model time.</summary>
    internal void Restart()
    {
        _startTimestamp = Stopwatch.GetTimestamp();
        _startUtc = DateTimeOffset.UtcNow;
    }
}
