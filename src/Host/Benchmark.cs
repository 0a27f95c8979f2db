using System.Diagnostics;
using ActorStack.Actors;
using ActorStack.Softirq.Tracing;

namespace ActorStack.Host;

/// <summary>
/// Measures simulation speed (packets per wall second) and managed bytes allocated per packet, live and
/// deterministic, tracing off and on. Allocation per packet is the difference between a run of 2N and a run of N
/// packets divided by N, which cancels start-up and pool warm-up.
/// </summary>
public static class Benchmark
{
    /// <summary>Runs the benchmark and prints a table. Returns the process exit code.</summary>
    public static int Run(ScenarioOptions baseline, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(output);
        int n = baseline.Packets == new ScenarioOptions().Packets ? 100_000 : baseline.Packets;
        output.WriteLine($"benchmark: {n} and {2 * n} datagrams, {baseline.Cpus} CPUs, {baseline.Flows} flows, payload {baseline.PayloadSize} B, rate {baseline.RatePps} pps of model time");
        output.WriteLine($"host: {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        output.WriteLine("mode           tracing   packets/s (wall)   bytes/packet   conservation");
        bool allHeld = true;
        foreach (var mode in new[] { ExecutionMode.Live, ExecutionMode.Deterministic })
        {
            foreach (bool tracing in new[] { false, true })
            {
                var options = baseline with { Mode = mode, Packets = n };
                using var listener = tracing ? CollectingListener() : null;
                var (small, _, _) = Measure(options);
                var (large, seconds, held) = Measure(options with { Packets = 2 * n });
                allHeld &= held;
                double bytesPerPacket = (double)(large - small) / n;
                double pps = 2 * n / seconds;
                output.WriteLine($"{mode.ToString().ToLowerInvariant(),-14} {(tracing ? "on" : "off"),-9} {pps,16:N0}   {bytesPerPacket,12:F1}   {(held ? "holds" : "VIOLATED")}");
            }
        }

        return allHeld ? 0 : 1;
    }

    private static (long AllocatedBytes, double Seconds, bool Held) Measure(ScenarioOptions options)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        using var host = new SimulatedHost(options);
        var result = host.Run();
        watch.Stop();
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        return (allocated, watch.Elapsed.TotalSeconds, result.Conservation.Holds && result.Quiet);
    }

    // Tracing "on" means a listener that records every span, as an exporter would.
    private static ActivityListener CollectingListener()
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SkbTags.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
