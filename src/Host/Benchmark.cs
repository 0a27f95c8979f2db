using System.Diagnostics;
using System.Globalization;
using ActorStack.Engine;
using Spectre.Console;
using ActorStack.Softirq.Tracing;

namespace ActorStack.Host;

/// <summary>
/// Measures simulation speed (packets per wall second) and managed bytes allocated per packet, live and
/// deterministic, tracing off and on. Allocation per packet is measured over the second half of a 2N-packet run
/// (from the moment the N-th datagram is sent to the end), after start-up and pool warm-up. Speed is timed from the
/// start of the run to the moment the model is quiet, after one untimed warm-up run of every mode (so the JIT has
/// compiled the hot paths, as it will have in any run longer than a second): building the host and tiered
/// compilation's first passes are not simulated packets.
/// </summary>
public static class Benchmark
{
    /// <summary>Runs the benchmark and prints a table. Returns the process exit code.</summary>
    public static int Run(ScenarioOptions baseline, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(output);
        int n = baseline.Packets;
        output.WriteLine($"benchmark: {2 * n} datagrams (allocation measured over the last {n}), {baseline.Cpus} CPUs, {baseline.Flows} flows, payload {baseline.PayloadSize} B, rate {baseline.RatePps} pps of model time");
        output.WriteLine($"host: {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        bool allHeld = true;
        foreach (var mode in new[] { ExecutionMode.Live, ExecutionMode.Deterministic })
        {
            Measure(baseline with { Mode = mode, Packets = Math.Max(1, n / 2) }, markAt: 0);
        }

        // One row per mode and tracing setting, measured in turn.
        IEnumerable<string[]> Rows()
        {
            foreach (var mode in new[] { ExecutionMode.Live, ExecutionMode.Deterministic })
            {
                foreach (bool tracing in new[] { false, true })
                {
                    var options = baseline with { Mode = mode, Packets = n };
                    using var listener = tracing ? CollectingListener() : null;
                    var (allocated, seconds, held) = Measure(options with { Packets = 2 * n }, markAt: n);
                    allHeld &= held;
                    double bytesPerPacket = (double)allocated / n;
                    double pps = 2 * n / seconds;
                    yield return [mode.ToString().ToLowerInvariant(), tracing ? "on" : "off", pps.ToString("N0", CultureInfo.InvariantCulture), bytesPerPacket.ToString("F1", CultureInfo.InvariantCulture), held ? "holds" : "VIOLATED"];
                }
            }
        }

        if (Views.Terminal.IsTerminal(output))
        {
            // A terminal: a table that grows a row as each measurement ends.
            Views.GrowingTable.Run(output, Columns, add =>
            {
                foreach (var row in Rows())
                {
                    add(row, null);
                }
            });
        }
        else
        {
            output.WriteLine("mode           tracing   packets/s (wall)   bytes/packet   conservation");
            foreach (var c in Rows())
            {
                output.WriteLine($"{c[0],-14} {c[1],-9} {c[2],16}   {c[3],12}   {c[4]}");
            }
        }

        return allHeld ? 0 : 1;
    }

    private static readonly (string Header, bool Right)[] Columns =
        [("mode", false), ("tracing", false), ("packets/s (wall)", true), ("bytes/packet", true), ("conservation", false)];

    private static (long AllocatedBytes, double Seconds, bool Held) Measure(ScenarioOptions options, long markAt)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long atMark = 0, atQuiet = 0;
        using var host = new SimulatedHost(options, markAt: markAt, onMark: () => atMark = GC.GetTotalAllocatedBytes(precise: true));
        var watch = Stopwatch.StartNew();
        // Measured up to the moment the model is quiet: the report built afterwards is not per-packet work.
        var result = host.Run(onQuiet: () =>
        {
            atQuiet = GC.GetTotalAllocatedBytes(precise: true);
            watch.Stop();
        });
        long allocated = atQuiet - atMark;
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
