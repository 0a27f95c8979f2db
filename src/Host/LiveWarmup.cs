using ActorStack.Engine;

namespace ActorStack.Host;

/// <summary>
/// Live mode runs on the wall clock, and the first packets of a process meet code the JIT has not compiled yet: on a
/// 2-core machine about 100 ms in which the CPU threads barely move, enough to fill a 512-descriptor ring at 20 kpps.
/// The kernel is compiled ahead of time and has no such stall, so before a live run the console runs the same scenario
/// briefly and throws the result away.
/// </summary>
internal static class LiveWarmup
{
    /// <summary>Datagrams (or TCP segments) the warm-up sends, at most.</summary>
    internal const int Packets = 4000;

    /// <summary>Its rate: high enough to take the drop paths too, short enough to take ~0.1 s.</summary>
    internal const long RatePps = 40_000;

    /// <summary>Warms up for a live run of <paramref name="options"/>; false if there was nothing to do.</summary>
    public static bool Run(ScenarioOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Mode != ExecutionMode.Live || options.Packets == 0)
        {
            return false;
        }

        // The same host and path, without the user's faults, waits or outputs.
        var warm = options with
        {
            Packets = Math.Min(options.Packets, Packets),
            RatePps = RatePps,
            Faults = [],
            Tcp = options.Tcp with { ThinkUs = 0, LockHoldUs = 0 },
        };
        using var host = new SimulatedHost(warm);
        host.Run(liveTimeout: TimeSpan.FromSeconds(10));
        return true;
    }
}
