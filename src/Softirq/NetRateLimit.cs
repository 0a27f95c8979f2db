using ActorStack.Engine;

namespace ActorStack.Softirq;

/// <summary>net_ratelimit(): at most 10 messages per 5 seconds of model time, the rest counted as suppressed.</summary>
/// <remarks>Kernel: net/core/utils.c (net_msg_cost 5·HZ, net_msg_burst 10).</remarks>
public sealed class NetRateLimit
{
    private readonly IClock _clock;
    private readonly object _gate = new();
    private long _windowStart = long.MinValue;
    private int _inWindow;
    private long _suppressed;

    /// <summary>Creates a limiter on the model clock.</summary>
    public NetRateLimit(IClock clock) => _clock = clock;

    /// <summary>Messages per window.</summary>
    public int Burst { get; init; } = 10;

    /// <summary>Window length.</summary>
    public long IntervalNanos { get; init; } = 5_000_000_000L;

    /// <summary>Messages suppressed so far.</summary>
    public long Suppressed => Interlocked.Read(ref _suppressed);

    /// <summary>True if a message may be printed now.</summary>
    public bool Allow()
    {
        long now = _clock.NowNanos;
        // Only taken when a log line is about to be written, never on the silent hot path.
        lock (_gate)
        {
            if (_windowStart == long.MinValue || now - _windowStart >= IntervalNanos)
            {
                _windowStart = now;
                _inWindow = 0;
            }

            if (_inWindow < Burst)
            {
                _inWindow++;
                return true;
            }
        }

        Interlocked.Increment(ref _suppressed);
        return false;
    }
}
