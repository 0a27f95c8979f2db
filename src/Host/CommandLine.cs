using System.Globalization;
using ActorStack.Engine;
using ActorStack.Host.Tracing;
using ActorStack.Host.Views;
using ActorStack.Softirq.Tracing;

namespace ActorStack.Host;

/// <summary>Parses the console's arguments. Every bad value is reported with the option, the value and what is allowed.</summary>
public static class CommandLine
{
    /// <summary>The usage text.</summary>
    public const string Usage = """
        usage: ActorStack.Host [run] [options]       run a scenario (the embedded default when none is given)
               ActorStack.Host list                  list the shipped scenarios
               ActorStack.Host describe NAME|FILE    what a scenario shows, and its YAML
               ActorStack.Host compare A.json B.json what differs between two result files
               ActorStack.Host sweep KEY=V1,V2,.. [options]
                                                     run once per value of one knob: a table, and files in --out
               ActorStack.Host bench [--packets N]   measure simulated packets/s and bytes allocated per packet
               ActorStack.Host keys                  every knob --set and scenario files accept
               ActorStack.Host --help

        scenario:
          --scenario NAME|FILE.yaml   start from a shipped scenario (see list) or a YAML file; later options override it
          --set KEY=VALUE             any knob by its kernel name, e.g. --set net.core.netdev_budget=600,
                                      --set ethtool.combined=4, --set queues.rps_cpus=e (see keys)
          --mode deterministic|live   deterministic (default): virtual clock, seeded interleaving, exact modelled
                                      rates; live: one real thread per CPU spending each cost (needs a core each)
          --seed N                    interleaving seed for deterministic mode (default 1)
          --cpus N                    simulated CPUs (default 2)
          --packets N                 datagrams to send (default 10000)
          --flows N                   UDP flows, spread over the sockets (default 4)
          --sockets N                 bound UDP sockets, ports 5000.. , one reader thread each (default 2)
          --payload BYTES             UDP payload size, 12..1472 (default 64)
          --rate PPS                  offered datagrams per second of model time (default 100000)
          --burst N                   frames sent back to back per departure, same average rate (default 1)
          --rcvbuf BYTES              setsockopt(SO_RCVBUF) on every socket (kernel doubles it, min 2304)
          --rmem-default BYTES        net.core.rmem_default (default 212992)
          --rmem-max BYTES            net.core.rmem_max (default 4194304)
          --no-read                   the application never calls recvfrom()
          --ring N                    ethtool -G eth0 rx N (default 512)

        output:
          --json PATH|none            the run's result file (default results/SCENARIO-seedN.json, with a
                                      per-CPU timeline SVG beside it)
          --out DIR                   sweep: where result files, sweep.json/csv and SVG charts go (default sweep-KEY)
          --view auto|terminal|plain|off
                                      live view while running, on stderr (auto: redraws on a terminal, plain lines
                                      otherwise)
          --trace                     export traces over OTLP (OTEL_EXPORTER_OTLP_ENDPOINT, _PROTOCOL grpc or
                                      http/protobuf, as Jaeger ingests)
          --trace-file PATH           also/instead write the traces as a Jaeger JSON file (Jaeger UI: Upload JSON)
          --sample all|ratio:F|flow:SADDR:SPORT>DADDR:DPORT[/udp]|dropped
                                      which packets get a trace (default all; * for any part of a flow)
          --trace-epoch now|TIME      wall time model time 0 is shown at (default now, so Jaeger's search finds
                                      the run; an ISO 8601 time gives identical files for identical runs)
          --log-level LEVEL           kernel log: verbose|debug|information|warning|error (default warning)
          --log-file PATH             also write the kernel log to PATH (one JSON object per line)

        faults:
          --fault STAGE:every=N|prob=P|at=T
                                      make every actor whose name starts with STAGE (ip_rcv, udp_rcv/1, softirq,
                                      eth0-rxq0, udp:10.0.0.1:5000, app0, ...) throw on every Nth message, with
                                      probability P per message (from the seed), or once at model time T (500us, 2ms);
                                      supervision frees the skb it held (NOT_SPECIFIED) and restarts the actor (after
                                      10 restarts it stops: exit code 4). Repeatable.
        """;

    /// <summary>Parses <paramref name="args"/>; throws <see cref="ArgumentException"/> with a clear message on bad input.</summary>
    public static ParsedCommand Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new ScenarioOptions();
        string command = "run";
        var arguments = new List<string>();
        var trace = new TraceSettings();
        string logLevel = "warning";
        string? logFile = null;
        string? json = null;
        string? outDir = null;
        var view = ViewMode.Auto;
        int start = 0;
        if (args.Count > 0 && !args[0].StartsWith('-'))
        {
            command = args[0] switch
            {
                "run" or "bench" or "list" or "keys" or "describe" or "sweep" or "compare" => args[0],
                _ => throw new ArgumentException($"unknown command '{args[0]}': expected run, list, describe, compare, sweep, bench or keys."),
            };
            start = 1;
            int needed = command switch { "describe" or "sweep" => 1, "compare" => 2, _ => 0 };
            for (int k = 0; k < needed; k++)
            {
                if (args.Count <= start || args[start].StartsWith('-'))
                {
                    throw new ArgumentException(command switch
                    {
                        "describe" => "describe needs a scenario name or file.",
                        "sweep" => "sweep needs KEY=V1,V2,...",
                        _ => "compare needs two result files: compare A.json B.json",
                    });
                }

                arguments.Add(args[start++]);
            }
        }

        // A scenario is the starting point: apply it first, wherever it appears. One only: with two, an error found
        // after both were applied could not say which file it came from.
        string? scenario = null;
        for (int i = start; i < args.Count - 1; i++)
        {
            if (args[i] == "--scenario")
            {
                if (scenario is not null)
                {
                    throw new ArgumentException($"--scenario given twice ({scenario}, {args[i + 1]}): a run starts from one scenario; change it with --set.");
                }

                scenario = args[i + 1];
                options = Scenarios.Apply(options, Scenarios.Find(scenario));
            }
        }

        for (int i = start; i < args.Count; i++)
        {
            string name = args[i];
            string Value()
            {
                if (i + 1 >= args.Count)
                {
                    throw new ArgumentException($"{name} needs a value.");
                }

                return args[++i];
            }

            options = name switch
            {
                "--help" or "-h" => throw new HelpRequestedException(),
                "--scenario" => Skip(Value(), options),
                "--set" => Knobs.Apply(options, Value()),
                "--mode" => options with { Mode = ParseMode(Value()) },
                "--seed" => options with { Seed = Int(name, Value()) },
                "--cpus" => options with { Cpus = Int(name, Value()) },
                "--packets" => options with { Packets = Int(name, Value()) },
                "--flows" => options with { Flows = Int(name, Value()) },
                "--sockets" => options with { Sockets = Int(name, Value()) },
                "--payload" => options with { PayloadSize = Int(name, Value()) },
                "--rate" => options with { RatePps = Number(name, Value()) },
                "--burst" => options with { Burst = Int(name, Value()) },
                "--rcvbuf" => options with { SoRcvbuf = Int(name, Value()) },
                "--rmem-default" => options with { Net = options.Net with { RmemDefault = Int(name, Value()) } },
                "--rmem-max" => options with { Net = options.Net with { RmemMax = Int(name, Value()) } },
                "--no-read" => options with { AppReads = false },
                "--ring" => options with { Nic = options.Nic with { RxRingSize = Int(name, Value()) } },
                "--trace" => Set(ref trace, trace with { Otlp = true }, options),
                "--trace-file" => Set(ref trace, trace with { JaegerFile = Value() }, options),
                "--sample" => Set(ref trace, trace with { Sampling = TraceSampling.Parse(Value()) }, options),
                "--trace-epoch" => Set(ref trace, trace with { Epoch = ParseEpoch(Value()) }, options),
                "--log-level" => Set(ref logLevel, ParseLevel(Value()), options),
                "--log-file" => Set(ref logFile, Value(), options),
                "--json" => Set(ref json, Value(), options),
                "--out" => Set(ref outDir, Value(), options),
                "--view" => Set(ref view, ParseView(Value()), options),
                "--fault" => options with { Faults = [.. options.Faults, FaultRule.Parse(Value())] },
                _ => throw new ArgumentException($"unknown option '{name}' (see --help)."),
            };
        }

        options.Validate();
        return new ParsedCommand(command, options, trace, logLevel)
        {
            Arguments = arguments,
            LogFile = logFile,
            JsonPath = json,
            OutDir = outDir,
            View = view,
        };
    }

    private static ScenarioOptions Skip(string value, ScenarioOptions options) => options;

    private static ScenarioOptions Set<T>(ref T target, T value, ScenarioOptions options)
    {
        target = value;
        return options;
    }

    private static ExecutionMode ParseMode(string value) => value switch
    {
        "live" => ExecutionMode.Live,
        "deterministic" => ExecutionMode.Deterministic,
        _ => throw new ArgumentException($"--mode {value}: must be live or deterministic."),
    };

    private static DateTimeOffset? ParseEpoch(string value) =>
        value == "now" ? null
        : DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time
        : throw new ArgumentException($"--trace-epoch {value}: must be now or an ISO 8601 time like 2026-01-01T00:00:00Z.");

    private static ViewMode ParseView(string value) => value switch
    {
        "auto" => ViewMode.Auto,
        "terminal" => ViewMode.Terminal,
        "plain" => ViewMode.Plain,
        "off" => ViewMode.Off,
        _ => throw new ArgumentException($"--view {value}: must be auto, terminal, plain or off."),
    };

    private static string ParseLevel(string value) => value is "verbose" or "debug" or "information" or "warning" or "error"
        ? value
        : throw new ArgumentException($"--log-level {value}: must be verbose, debug, information, warning or error.");

    // Only the syntax is checked here; ScenarioOptions.Validate says which values are allowed.
    private static long Number(string name, string value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long number)
            ? number
            : throw new ArgumentException($"{name} {value}: not a whole number.");

    private static int Int(string name, string value)
    {
        long number = Number(name, value);
        return number is >= int.MinValue and <= int.MaxValue
            ? (int)number
            : throw new ArgumentException($"{name} {value}: out of range.");
    }
}

/// <summary>A parsed command line.</summary>
public sealed record ParsedCommand(string Command, ScenarioOptions Options, TraceSettings Trace, string LogLevel)
{
    /// <summary>The command's arguments (describe NAME, sweep KEY=VALUES, compare A B).</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>The command's first argument, if any.</summary>
    public string? Argument => Arguments.Count > 0 ? Arguments[0] : null;

    /// <summary>--log-file.</summary>
    public string? LogFile { get; init; }

    /// <summary>--json: the result file ("none": none); null: the default path.</summary>
    public string? JsonPath { get; init; }

    /// <summary>--out: the sweep's output directory.</summary>
    public string? OutDir { get; init; }

    /// <summary>--view.</summary>
    public ViewMode View { get; init; }

    /// <summary>Where the run's result file goes, or null for none.</summary>
    public string? ResultPath => JsonPath switch
    {
        "none" => null,
        null => Path.Combine("results", $"{Options.Name}-seed{Options.Seed}.json"),
        var path => path,
    };
}

/// <summary>--help was given.</summary>
public sealed class HelpRequestedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public HelpRequestedException()
        : base("help requested")
    {
    }

    /// <summary>Creates the exception.</summary>
    public HelpRequestedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public HelpRequestedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
