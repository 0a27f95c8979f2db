using System.Globalization;
using ActorStack.Engine;

namespace ActorStack.Host.Soak;

/// <summary>
/// What a soak measures: rows of mode × tracing × workload, each one child run of the console. Model-time rows keep
/// the packet count (10,000) and lower the rate, so only model time changes between 10 s and 1,000 s; packet rows
/// send 1M or 10M datagrams at 1M pps in bursts of 64. Rows estimated to take longer than
/// <see cref="LongRowSeconds"/> of wall time (live 1,000 s: live mode runs in wall time) are skipped unless
/// <c>--workloads</c> names them.
/// </summary>
internal sealed record SoakPlan(IReadOnlyList<SoakRow> Rows, IReadOnlyList<SoakRow> Skipped, double Scale)
{
    /// <summary>Rows estimated to take longer than this (seconds of wall time) are skipped by default.</summary>
    public const double LongRowSeconds = 300;

    /// <summary>Every workload, in table order.</summary>
    public static IReadOnlyList<SoakWorkload> Workloads { get; } =
    [
        new("10s", RatePps: 1_000, Burst: 1, Packets: 10_000),
        new("1000s", RatePps: 10, Burst: 1, Packets: 10_000),
        new("1M", RatePps: 1_000_000, Burst: 64, Packets: 1_000_000),
        new("10M", RatePps: 1_000_000, Burst: 64, Packets: 10_000_000),
    ];

    private static readonly string[] ModeNames = ["deterministic", "live"];
    private static readonly string[] TracingNames = ["off", "on"];

    /// <summary>
    /// Builds the plan from the soak options (null: the default); throws <see cref="ArgumentException"/> naming the
    /// option on a bad value.
    /// </summary>
    public static SoakPlan Parse(string? modes, string? workloads, string? tracing, string? scale)
    {
        var modeList = List("--modes", modes, ModeNames);
        var workloadList = List("--workloads", workloads, Workloads.Select(w => w.Name).ToArray());
        var tracingList = List("--tracing", tracing, TracingNames);
        double factor = 1;
        if (scale is not null
            && (!double.TryParse(scale, NumberStyles.Float, CultureInfo.InvariantCulture, out factor) || !(factor > 0 && factor <= 1)))
        {
            throw new ArgumentException($"--scale {scale}: must be a number in (0, 1], the share of each workload's packets to send (e.g. 0.001).");
        }

        var rows = new List<SoakRow>();
        foreach (string mode in modeList)
        {
            foreach (string trace in tracingList)
            {
                foreach (string name in workloadList)
                {
                    var workload = Workloads.Single(w => w.Name == name);
                    rows.Add(new SoakRow(
                        mode == "live" ? ExecutionMode.Live : ExecutionMode.Deterministic,
                        trace == "on",
                        workload,
                        Math.Max(1, (int)Math.Round(workload.Packets * factor))));
                }
            }
        }

        // Named rows always run; the default matrix leaves out the ones that would take too long.
        bool explicitWorkloads = workloads is not null;
        var run = rows.Where(r => explicitWorkloads || r.EstimatedSeconds <= LongRowSeconds).ToArray();
        var skipped = rows.Except(run).ToArray();
        return new SoakPlan(run, skipped, factor);
    }

    private static string[] List(string option, string? value, string[] allowed)
    {
        if (value is null)
        {
            return allowed;
        }

        var items = value.Split(',', StringSplitOptions.TrimEntries);
        foreach (string item in items)
        {
            if (!allowed.Contains(item, StringComparer.Ordinal))
            {
                throw new ArgumentException($"{option} {value}: '{item}' is not one of {string.Join(", ", allowed)} (a comma-separated list).");
            }
        }

        // In table order, each once.
        return allowed.Where(items.Contains).ToArray();
    }
}

/// <summary>A soak workload: the traffic a row sends.</summary>
internal sealed record SoakWorkload(string Name, long RatePps, int Burst, int Packets);

/// <summary>One row of a soak: one child run.</summary>
internal sealed record SoakRow(ExecutionMode Mode, bool Tracing, SoakWorkload Workload, int Packets)
{
    /// <summary>The mode as the command line spells it.</summary>
    public string ModeName => Mode == ExecutionMode.Live ? "live" : "deterministic";

    /// <summary>Model time the traffic spans, in seconds.</summary>
    public double ModelSeconds => (double)Packets / Workload.RatePps;

    /// <summary>
    /// A rough wall-time estimate, to skip long rows: start-up, plus the packets at the rate deterministic mode
    /// simulates them on the 2-core dev machine (about 400k/s untraced, 100k/s traced), or, live, at least the model
    /// time, since live mode runs in wall time.
    /// </summary>
    public double EstimatedSeconds
    {
        get
        {
            double simulate = Packets / (Tracing ? 100_000.0 : 400_000.0);
            return 2 + (Mode == ExecutionMode.Live ? Math.Max(ModelSeconds, simulate) : simulate);
        }
    }

    /// <summary>The child's options beyond <c>--view off --json none</c>.</summary>
    public IReadOnlyList<string> Arguments
    {
        get
        {
            var args = new List<string>
            {
                "--mode", ModeName,
                "--rate", Workload.RatePps.ToString(CultureInfo.InvariantCulture),
                "--packets", Packets.ToString(CultureInfo.InvariantCulture),
            };
            if (Workload.Burst > 1)
            {
                args.AddRange(["--burst", Workload.Burst.ToString(CultureInfo.InvariantCulture)]);
            }

            if (Tracing)
            {
                args.Add("--trace");
            }

            return args;
        }
    }

    /// <summary>How the row is named in output: mode, tracing, workload.</summary>
    public override string ToString() => $"{ModeName} {Workload.Name} tracing {(Tracing ? "on" : "off")}";
}
