using System.Globalization;
using ActorStack.Softirq.Skb;

namespace ActorStack.Host;

/// <summary>
/// Runs a scenario once per value of one knob and prints what changed: delivered vs offered, drops by reason,
/// time_squeeze, ksoftirqd, interrupts, and where the CPU time went.
/// </summary>
public static class Sweep
{
    /// <summary>Runs the sweep "KEY=V1,V2,..." (";" separates values that contain commas) over <paramref name="baseOptions"/>.</summary>
    public static int Run(ScenarioOptions baseOptions, string sweep, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(baseOptions);
        ArgumentNullException.ThrowIfNull(sweep);
        ArgumentNullException.ThrowIfNull(output);
        int eq = sweep.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0 || eq == sweep.Length - 1)
        {
            throw new ArgumentException($"sweep {sweep}: expected KEY=V1,V2,...");
        }

        string key = sweep[..eq];
        string list = sweep[(eq + 1)..];
        var values = list.Split(list.Contains(';', StringComparison.Ordinal) ? ';' : ',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        // Validate every point before running any, so a typo in the last value loses nothing.
        var points = values.Select(v =>
        {
            var options = Knobs.Apply(baseOptions, key, v);
            options.Validate();
            return (Value: v, Options: options);
        }).ToArray();

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sweep {key} over {points.Length} values ({baseOptions.Mode.ToString().ToLowerInvariant()} mode)"));
        output.WriteLine("  value        offered/s  delivered/s  deliv%   dropped  top drop reason          squeeze  ksoftirqd  interrupts  busiest CPU (%irq/%soft/%usr)");
        bool allHold = true;
        foreach (var (value, options) in points)
        {
            using var host = new SimulatedHost(options);
            var result = host.Run();
            allHold &= result.Conservation.Holds && result.Quiet;
            var c = result.Conservation;
            double seconds = Math.Max(1, result.ModelNanos) / 1e9;
            double offered = options.RatePps;
            double delivered = c.Delivered / seconds;
            var top = result.Drops.OrderByDescending(d => d.Count).FirstOrDefault();
            string topReason = top.Count > 0 ? $"{top.Reason.KernelName()} {top.Count}" : "-";
            int busiest = Enumerable.Range(0, result.Cpus.Count).OrderBy(i => result.Cpus[i].Idle).First();
            var u = result.Cpus[busiest];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {value,-12} {offered,9:F0} {delivered,12:F0} {100.0 * c.Delivered / Math.Max(1, c.Injected),6:F1}% {c.Dropped,9} {topReason,-24} {result.Counters.TimeSqueeze,8} {result.Counters.KsoftirqdWakeups,10} {result.Counters.Interrupts,11}  cpu{busiest} {u.Irq:F0}/{u.Soft:F0}/{u.User:F0}"));
        }

        output.WriteLine(allHold ? "conservation held in every run" : "CONSERVATION FAILED in at least one run");
        return allHold ? 0 : 1;
    }
}
