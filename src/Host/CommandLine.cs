using System.Globalization;
using ActorStack.Actors;

namespace ActorStack.Host;

/// <summary>Parses the console's arguments. Every bad value is reported with the option, the value and what is allowed.</summary>
public static class CommandLine
{
    /// <summary>The usage text.</summary>
    public const string Usage = """
        usage: ActorStack.Host [run] [options]       run the default UDP scenario (or with options)
               ActorStack.Host list                  list the shipped scenarios
               ActorStack.Host describe NAME         what a scenario shows and its settings
               ActorStack.Host sweep KEY=V1,V2,.. [options]
                                                     run once per value of one knob, print a table
               ActorStack.Host bench [--packets N]   measure simulated packets/s and bytes allocated per packet
               ActorStack.Host keys                  every knob --set accepts
               ActorStack.Host --help

        options:
          --scenario NAME             start from a shipped scenario (see list); later options override it
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
          --trace                     export one trace per packet over OTLP (OTEL_EXPORTER_OTLP_* variables)
          --log-level LEVEL           kernel log: verbose|debug|information|warning|error (default warning)
        """;

    /// <summary>Parses <paramref name="args"/>; throws <see cref="ArgumentException"/> with a clear message on bad input.</summary>
    public static ParsedCommand Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new ScenarioOptions();
        string command = "run";
        bool trace = false;
        string logLevel = "warning";
        string? argument = null;
        int start = 0;
        if (args.Count > 0 && !args[0].StartsWith('-'))
        {
            command = args[0] switch
            {
                "run" or "bench" or "list" or "keys" => args[0],
                "describe" or "sweep" => args[0],
                _ => throw new ArgumentException($"unknown command '{args[0]}': expected run, list, describe, sweep, bench or keys."),
            };
            start = 1;
            if (command is "describe" or "sweep")
            {
                if (args.Count < 2 || args[1].StartsWith('-'))
                {
                    throw new ArgumentException(command == "describe" ? "describe needs a scenario name." : "sweep needs KEY=V1,V2,...");
                }

                argument = args[1];
                start = 2;
            }
        }

        // A scenario is the starting point: apply it first, wherever it appears.
        for (int i = start; i < args.Count - 1; i++)
        {
            if (args[i] == "--scenario")
            {
                options = Scenarios.Apply(options, Scenarios.Find(args[i + 1]));
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
                "--trace" => Flag(ref trace, options),
                "--log-level" => Set(ref logLevel, ParseLevel(Value()), options),
                _ => throw new ArgumentException($"unknown option '{name}' (see --help)."),
            };
        }

        options.Validate();
        return new ParsedCommand(command, options, trace, logLevel) { Argument = argument };
    }

    private static ScenarioOptions Skip(string value, ScenarioOptions options) => options;

    private static ScenarioOptions Flag(ref bool flag, ScenarioOptions options)
    {
        flag = true;
        return options;
    }

    private static ScenarioOptions Set(ref string target, string value, ScenarioOptions options)
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
public sealed record ParsedCommand(string Command, ScenarioOptions Options, bool Trace, string LogLevel)
{
    /// <summary>The command's argument (describe NAME, sweep KEY=VALUES).</summary>
    public string? Argument { get; init; }
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
