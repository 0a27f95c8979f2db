using System.Globalization;
using ActorStack.Actors;

namespace ActorStack.Host;

/// <summary>Parses the console's arguments. Every bad value is reported with the option, the value and what is allowed.</summary>
public static class CommandLine
{
    /// <summary>The usage text.</summary>
    public const string Usage = """
        usage: ActorStack.Host [run] [options]       run the default UDP scenario (or with options)
               ActorStack.Host bench [--packets N]   measure simulated packets/s and bytes allocated per packet
               ActorStack.Host --help

        options:
          --mode live|deterministic   live: one real thread per CPU (default); deterministic: virtual clock, seeded
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
        int start = 0;
        if (args.Count > 0 && !args[0].StartsWith('-'))
        {
            command = args[0] switch
            {
                "run" or "bench" => args[0],
                _ => throw new ArgumentException($"unknown command '{args[0]}': expected run or bench."),
            };
            start = 1;
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
                "--mode" => options with { Mode = ParseMode(Value()) },
                "--seed" => options with { Seed = (int)Number(name, Value(), int.MinValue, int.MaxValue) },
                "--cpus" => options with { Cpus = (int)Number(name, Value(), 1, 64) },
                "--packets" => options with { Packets = (int)Number(name, Value(), 0, int.MaxValue) },
                "--flows" => options with { Flows = (int)Number(name, Value(), 1, 65535) },
                "--sockets" => options with { Sockets = (int)Number(name, Value(), 1, 1000) },
                "--payload" => options with { PayloadSize = (int)Number(name, Value(), 12, 1472) },
                "--rate" => options with { RatePps = Number(name, Value(), 1, 100_000_000) },
                "--burst" => options with { Burst = (int)Number(name, Value(), 1, 65536) },
                "--rcvbuf" => options with { SoRcvbuf = (int)Number(name, Value(), 0, int.MaxValue) },
                "--rmem-default" => options with { RmemDefault = (int)Number(name, Value(), 2304, int.MaxValue) },
                "--rmem-max" => options with { RmemMax = (int)Number(name, Value(), 2304, int.MaxValue) },
                "--no-read" => options with { AppReads = false },
                "--ring" => options with { RxRing = (int)Number(name, Value(), 64, 8192) },
                "--trace" => Flag(ref trace, options),
                "--log-level" => Set(ref logLevel, ParseLevel(Value()), options),
                _ => throw new ArgumentException($"unknown option '{name}' (see --help)."),
            };
        }

        options.Validate();
        return new ParsedCommand(command, options, trace, logLevel);
    }

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

    private static long Number(string name, string value, long min, long max)
    {
        if (!long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long number))
        {
            throw new ArgumentException($"{name} {value}: not a whole number.");
        }

        if (number < min || number > max)
        {
            throw new ArgumentException($"{name} {value}: must be {min}..{max}.");
        }

        return number;
    }
}

/// <summary>A parsed command line.</summary>
public sealed record ParsedCommand(string Command, ScenarioOptions Options, bool Trace, string LogLevel);

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
