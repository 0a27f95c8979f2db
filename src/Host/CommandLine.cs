using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Parsing;
using System.Globalization;
using ActorStack.Engine;
using ActorStack.Host.Soak;
using ActorStack.Host.Tracing;
using ActorStack.Host.Views;
using ActorStack.Softirq.Tracing;

namespace ActorStack.Host;

/// <summary>
/// The console's command line on System.CommandLine: the commands, one table of options (name, help, what it sets),
/// help, parse errors and shell completion from the library. Options apply in the order given, after the one
/// <c>--scenario</c> they start from, so a later option overrides an earlier one or a <c>--set</c> of the same knob.
/// </summary>
public static class CommandLine
{
    private static readonly Lazy<Grammar> Tree = new(Build);

    /// <summary>The root command (<c>run</c> when no command is given), with every command and option.</summary>
    public static RootCommand Root => Tree.Value.Root;

    /// <summary>Parses <paramref name="args"/> with System.CommandLine, without applying anything.</summary>
    public static ParseResult Syntax(IReadOnlyList<string> args) => Root.Parse(args);

    /// <summary>
    /// Parses <paramref name="args"/> into a command and its settings; throws <see cref="ArgumentException"/> with
    /// a message naming the option or key on bad input.
    /// </summary>
    public static ParsedCommand Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return Bind(Syntax(args));
    }

    /// <summary>True when <paramref name="result"/> asks for one of the library's own actions (help, version, completion) instead of a command.</summary>
    public static bool IsLibraryAction(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Errors.Count == 0 && result.Action is not null && !ReferenceEquals(result.Action, result.CommandResult.Command.Action);
    }

    /// <summary>Applies a parse: its errors become one <see cref="ArgumentException"/>, its options a <see cref="ParsedCommand"/>.</summary>
    public static ParsedCommand Bind(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, result.Errors.Select(ErrorText)));
        }

        var syntax = Tree.Value;
        var command = result.CommandResult.Command;
        var settings = new Settings();
        // A scenario is the starting point: apply it first, wherever it appears.
        if (result.GetValue(syntax.Scenario) is [var scenario])
        {
            settings.Options = Scenarios.Apply(settings.Options, Scenarios.Find(scenario));
        }

        // The rest in command-line order: the library checked the syntax, so every option token is followed by its
        // value when it takes one.
        var tokens = result.Tokens;
        for (int i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].Type == TokenType.Option && syntax.Entries.TryGetValue(tokens[i].Value, out var entry))
            {
                string? value = entry.TakesValue ? tokens[++i].Value : null;
                entry.Apply(settings, value);
            }
        }

        settings.Options.Validate();
        var soak = command.Name == "soak" ? SoakOptions(result, syntax) : null;
        var validate = command.Name == "validate" ? ValidateOptions(result, syntax) : null;
        var arguments = command.Arguments.Select(a => result.GetValue((Argument<string>)a)!).ToArray();
        return new ParsedCommand(ReferenceEquals(command, syntax.Root) ? "run" : command.Name, settings.Options, settings.Trace, settings.LogLevel)
        {
            Arguments = arguments,
            LogFile = settings.LogFile,
            JsonPath = settings.Json,
            OutDir = settings.OutDir,
            View = settings.View,
            Soak = soak,
            Validate = validate,
        };
    }

    // Soak runs each row with its own mode, rate, packets and tracing: of the run options it takes only --json.
    private static SoakPlan SoakOptions(ParseResult result, Grammar syntax)
    {
        string[] own = [syntax.SoakModes.Name, syntax.SoakWorkloads.Name, syntax.SoakTracing.Name, syntax.SoakScale.Name, "--json"];
        foreach (var token in result.Tokens.Where(t => t.Type == TokenType.Option))
        {
            if (!own.Contains(token.Value, StringComparer.Ordinal))
            {
                throw new ArgumentException($"{token.Value}: not a soak option; soak runs the default scenario with each row's --mode, --rate, --packets, --burst and --trace (soak takes {string.Join(", ", own)}).");
            }
        }

        return SoakPlan.Parse(
            result.GetValue(syntax.SoakModes), result.GetValue(syntax.SoakWorkloads), result.GetValue(syntax.SoakTracing), result.GetValue(syntax.SoakScale));
    }

    // Validate runs its own fixed experiments: it takes only its own options.
    private static Validate.ValidatePlan ValidateOptions(ParseResult result, Grammar syntax)
    {
        string[] own = [syntax.ValidateExperiments.Name, syntax.ValidateQuick.Name, syntax.ValidateKernelJson.Name, syntax.ValidateSaveKernel.Name];
        foreach (var token in result.Tokens.Where(t => t.Type == TokenType.Option))
        {
            if (!own.Contains(token.Value, StringComparer.Ordinal))
            {
                throw new ArgumentException($"{token.Value}: not a validate option; validate runs fixed experiments (it takes {string.Join(", ", own)}).");
            }
        }

        return Validate.ValidatePlan.Parse(
            result.GetValue(syntax.ValidateExperiments), result.GetValue(syntax.ValidateQuick), result.GetValue(syntax.ValidateKernelJson), result.GetValue(syntax.ValidateSaveKernel));
    }

    // The library's message, on one line, with the option it is about when the message does not say.
    private static string ErrorText(ParseError error)
    {
        string message = string.Join(' ', error.Message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        for (var symbol = error.SymbolResult; symbol is not null; symbol = symbol.Parent)
        {
            if (symbol is OptionResult option)
            {
                string name = option.Option.Name;
                return message.Contains(name, StringComparison.Ordinal) ? message : $"{name}: {message}";
            }
        }

        return message;
    }

    private static Grammar Build()
    {
        var root = new RootCommand("""
            ActorStack: an actor model of the Linux network receive path. Without a command, runs a scenario (the
            embedded default when none is given) and prints the kernel's counters.
            Exit codes: 0 fine, 1 a run broke conservation or did not go quiet, 2 bad input (nothing ran), 3 an output
            could not be written, 4 supervision stopped an actor; soak exits 1 when one of its child runs failed.
            """);
        var syntax = new Grammar(root);
        var scenarioNames = Scenarios.All.Select(s => s.Name).ToArray();
        var knobNames = Knobs.Keys.Select(k => k.Key + "=").ToArray();

        // One table: each option, its help, and what it sets.
        syntax.Scenario.Description = "start from a shipped scenario (see list) or a YAML file; the other options override it";
        syntax.Scenario.HelpName = "NAME|FILE.yaml";
        syntax.Scenario.CompletionSources.Add(scenarioNames);
        syntax.Scenario.Validators.Add(r =>
        {
            if (r.Tokens.Count > 1)
            {
                // With two, an error found after both were applied could not say which file it came from.
                r.AddError($"--scenario given twice ({r.Tokens[0].Value}, {r.Tokens[1].Value}): a run starts from one scenario; change it with --set.");
            }
        });
        root.Options.Add(syntax.Scenario);

        var set = Value<string[]>(syntax, "--set", "KEY=VALUE", "any knob by its kernel name, e.g. --set net.core.netdev_budget=600, --set ethtool.combined=4, --set queues.rps_cpus=e (see keys); repeatable",
            (s, v) => s.Options = Knobs.Apply(s.Options, v));
        set.CompletionSources.Add(knobNames);
        var mode = Value<string>(syntax, "--mode", "deterministic|live", "deterministic (default): virtual clock, seeded interleaving, exact modelled rates; live: one real thread per CPU spending each cost (needs a core each)",
            (s, v) => s.Options = s.Options with { Mode = v == "live" ? ExecutionMode.Live : ExecutionMode.Deterministic });
        mode.AcceptOnlyFromAmong("deterministic", "live");
        Value<int>(syntax, "--seed", "N", "interleaving seed for deterministic mode (default 1)", (s, v) => s.Options = s.Options with { Seed = Int(v) });
        Value<int>(syntax, "--cpus", "N", "simulated CPUs (default 2)", (s, v) => s.Options = s.Options with { Cpus = Int(v) });
        Value<int>(syntax, "--packets", "N", "datagrams to send (default 10000)", (s, v) => s.Options = s.Options with { Packets = Int(v) });
        Value<int>(syntax, "--flows", "N", "UDP flows, spread over the sockets (default 4)", (s, v) => s.Options = s.Options with { Flows = Int(v) });
        Value<int>(syntax, "--sockets", "N", "bound UDP sockets, ports 5000.., one reader thread each (default 2)", (s, v) => s.Options = s.Options with { Sockets = Int(v) });
        Value<int>(syntax, "--payload", "BYTES", "UDP payload size, 0..1472 (default 64)", (s, v) => s.Options = s.Options with { PayloadSize = Int(v) });
        Value<long>(syntax, "--rate", "PPS", "offered datagrams per second of model time (default 100000)", (s, v) => s.Options = s.Options with { RatePps = long.Parse(v, CultureInfo.InvariantCulture) });
        Value<int>(syntax, "--burst", "N", "frames sent back to back per departure, same average rate (default 1)", (s, v) => s.Options = s.Options with { Burst = Int(v) });
        Value<int>(syntax, "--rcvbuf", "BYTES", "setsockopt(SO_RCVBUF) on every socket (kernel doubles it, min 2304)", (s, v) => s.Options = s.Options with { SoRcvbuf = Int(v) });
        Value<int>(syntax, "--rmem-default", "BYTES", "net.core.rmem_default (default 212992)", (s, v) => s.Options = s.Options with { Net = s.Options.Net with { RmemDefault = Int(v) } });
        Value<int>(syntax, "--rmem-max", "BYTES", "net.core.rmem_max (default 4194304)", (s, v) => s.Options = s.Options with { Net = s.Options.Net with { RmemMax = Int(v) } });
        Flag(syntax, "--no-read", "the application never calls recvfrom()", s => s.Options = s.Options with { AppReads = false });
        Value<int>(syntax, "--ring", "N", "ethtool -G eth0 rx N (default 512)", (s, v) => s.Options = s.Options with { Nic = s.Options.Nic with { RxRingSize = Int(v) } });

        Value<string>(syntax, "--json", "PATH|none", "the run's result file (default results/SCENARIO-seedN.json, with a per-CPU timeline SVG beside it)", (s, v) => s.Json = v);
        Value<string>(syntax, "--out", "DIR", "sweep: where result files, sweep.json/csv and SVG charts go (default sweep-KEY)", (s, v) => s.OutDir = v);
        var view = Value<string>(syntax, "--view", "auto|terminal|plain|off", "live view while running, on stderr (auto: redraws on a terminal, plain lines otherwise)",
            (s, v) => s.View = Enum.Parse<ViewMode>(v, ignoreCase: true));
        view.AcceptOnlyFromAmong("auto", "terminal", "plain", "off");
        Flag(syntax, "--trace", "export traces over OTLP (OTEL_EXPORTER_OTLP_ENDPOINT, _PROTOCOL grpc or http/protobuf, as Jaeger ingests)", s => s.Trace = s.Trace with { Otlp = true });
        Value<string>(syntax, "--trace-file", "PATH", "also/instead write the traces as a Jaeger JSON file (Jaeger UI: Upload JSON)", (s, v) => s.Trace = s.Trace with { JaegerFile = v });
        Value<string>(syntax, "--sample", "SPEC", "which packets get a trace: all (default), ratio:F, flow:SADDR:SPORT>DADDR:DPORT[/udp] (* for any part) or dropped",
            (s, v) => s.Trace = s.Trace with { Sampling = TraceSampling.Parse(v) });
        Value<string>(syntax, "--trace-epoch", "now|TIME", "wall time model time 0 is shown at (default now, so Jaeger's search finds the run; an ISO 8601 time gives identical files for identical runs)",
            (s, v) => s.Trace = s.Trace with { Epoch = ParseEpoch(v) });
        var level = Value<string>(syntax, "--log-level", "LEVEL", "kernel log: verbose, debug, information, warning (default) or error", (s, v) => s.LogLevel = v);
        level.AcceptOnlyFromAmong("verbose", "debug", "information", "warning", "error");
        Value<string>(syntax, "--log-file", "PATH", "also write the kernel log to PATH (one JSON object per line)", (s, v) => s.LogFile = v);
        Value<string[]>(syntax, "--fault", "STAGE:RULE",
            "STAGE:every=N|prob=P|at=T: make every actor whose name starts with STAGE (ip_rcv, udp_rcv/1, softirq, eth0-rxq0, udp:10.0.0.1:5000, app0, ...) throw on every Nth message, with probability P per message (from the seed), or once at model time T (500us, 2ms); supervision frees the skb it held (NOT_SPECIFIED) and restarts the actor (after 10 restarts it stops: exit code 4). Repeatable",
            (s, v) => s.Options = s.Options with { Faults = [.. s.Options.Faults, FaultRule.Parse(v)] });

        var describeName = new Argument<string>("NAME|FILE") { Description = "a shipped scenario or a YAML file", HelpName = "NAME|FILE" };
        describeName.CompletionSources.Add(scenarioNames);
        var sweepSpec = new Argument<string>("KEY=V1,V2,...") { Description = "the knob and its values", HelpName = "KEY=V1,V2,..." };
        sweepSpec.CompletionSources.Add(knobNames);
        root.Subcommands.Add(new Command("run", "run a scenario (the same as no command)"));
        root.Subcommands.Add(new Command("list", "list the shipped scenarios"));
        root.Subcommands.Add(new Command("describe", "what a scenario shows, and its YAML") { describeName });
        root.Subcommands.Add(new Command("compare", "what differs between two result files")
        {
            new Argument<string>("A.json") { Description = "a result file" },
            new Argument<string>("B.json") { Description = "the result file to compare it with" },
        });
        root.Subcommands.Add(new Command("sweep", "run once per value of one knob: a table, and files in --out") { sweepSpec });
        root.Subcommands.Add(new Command("bench", "measure simulated packets/s and bytes allocated per packet"));
        root.Subcommands.Add(new Command("keys", "every knob --set and scenario files accept"));
        syntax.SoakModes.Description = "soak: the modes to run, comma-separated (default deterministic,live)";
        syntax.SoakModes.HelpName = "deterministic,live";
        syntax.SoakWorkloads.Description = "soak: the workloads, comma-separated: 10s and 1000s of model time (10,000 packets at 1,000 and 10 pps), 1M and 10M packets (1M pps, bursts of 64). Default all, but rows estimated over 5 min of wall time (live 1000s) are skipped; naming the workloads runs every row";
        syntax.SoakWorkloads.HelpName = "10s,1000s,1M,10M";
        syntax.SoakTracing.Description = "soak: tracing off, on or both (default off,on); traced rows export over OTLP/HTTP to a port that refuses";
        syntax.SoakTracing.HelpName = "off,on";
        syntax.SoakScale.Description = "soak: send this share of each workload's packets, in (0, 1] (default 1), for a quick check";
        syntax.SoakScale.HelpName = "F";
        syntax.ValidateExperiments.Description = "validate: experiments to run, comma-separated: udp-fill, closed-port, veth-flood, tcp-slow-reader (default all)";
        syntax.ValidateExperiments.HelpName = "udp-fill,closed-port,veth-flood,tcp-slow-reader";
        syntax.ValidateQuick.Description = "validate: smaller counts and shorter runs (CI)";
        syntax.ValidateKernelJson.Description = "validate: compare the model with a kernel report saved earlier instead of measuring this machine (no root needed)";
        syntax.ValidateKernelJson.HelpName = "FILE";
        syntax.ValidateSaveKernel.Description = "validate: also write the kernel's report (JSON) to FILE";
        syntax.ValidateSaveKernel.HelpName = "FILE";
        root.Subcommands.Add(new Command("validate", "run experiments on this machine's kernel (as root, in network namespaces it creates and removes) and on the model with the matching driver profile; prints both side by side with pass/fail per row")
        {
            syntax.ValidateExperiments, syntax.ValidateQuick, syntax.ValidateKernelJson, syntax.ValidateSaveKernel,
        });
        root.Subcommands.Add(new Command("soak", "peak RSS (VmHWM, sampled every 20 ms) of child runs over model time and packet count, traced and untraced, live and deterministic; --json PATH writes the table")
        {
            syntax.SoakModes, syntax.SoakWorkloads, syntax.SoakTracing, syntax.SoakScale,
        });

        // Each command's action only marks the parse as a command of ours; Commands runs it with its own writers.
        root.SetAction(_ => 0);
        foreach (var command in root.Subcommands)
        {
            command.SetAction(_ => 0);
        }

        return syntax;
    }

    private static Option<T> Value<T>(Grammar syntax, string name, string helpName, string description, Action<Settings, string> apply)
    {
        // An array option is repeatable (--set, --fault), one value per occurrence; any other takes one value once.
        var arity = typeof(T).IsArray ? ArgumentArity.OneOrMore : ArgumentArity.ExactlyOne;
        var option = new Option<T>(name) { Description = description, HelpName = helpName, Recursive = true, Arity = arity, AllowMultipleArgumentsPerToken = false };
        syntax.Add(option, new Entry(true, (s, v) => apply(s, v!)));
        return option;
    }

    private static Option<bool> Flag(Grammar syntax, string name, string description, Action<Settings> apply)
    {
        var option = new Option<bool>(name) { Description = description, Recursive = true, Arity = ArgumentArity.Zero };
        syntax.Add(option, new Entry(false, (s, _) => apply(s)));
        return option;
    }

    private static DateTimeOffset? ParseEpoch(string value) =>
        value == "now" ? null
        : DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time
        : throw new ArgumentException($"--trace-epoch {value}: must be now or an ISO 8601 time like 2026-01-01T00:00:00Z.");

    // The library has checked it is an int; ScenarioOptions.Validate says which values are allowed.
    private static int Int(string value) => int.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture);

    /// <summary>What an option does with its value (null for a flag).</summary>
    private sealed record Entry(bool TakesValue, Action<Settings, string?> Apply);

    /// <summary>What the options build up.</summary>
    private sealed class Settings
    {
        public ScenarioOptions Options { get; set; } = new();

        public TraceSettings Trace { get; set; } = new();

        public string LogLevel { get; set; } = "warning";

        public string? LogFile { get; set; }

        public string? Json { get; set; }

        public string? OutDir { get; set; }

        public ViewMode View { get; set; } = ViewMode.Auto;
    }

    private sealed class Grammar(RootCommand root)
    {
        public RootCommand Root { get; } = root;

        public Option<string[]> Scenario { get; } = new("--scenario") { Recursive = true, Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false };

        public Dictionary<string, Entry> Entries { get; } = new(StringComparer.Ordinal);

        public Option<string> SoakModes { get; } = new("--modes");

        public Option<string> ValidateExperiments { get; } = new("--experiments");

        public Option<bool> ValidateQuick { get; } = new("--quick");

        public Option<string> ValidateKernelJson { get; } = new("--kernel-json");

        public Option<string> ValidateSaveKernel { get; } = new("--save-kernel");

        public Option<string> SoakWorkloads { get; } = new("--workloads");

        public Option<string> SoakTracing { get; } = new("--tracing");

        public Option<string> SoakScale { get; } = new("--scale");

        public void Add(Option option, Entry entry)
        {
            Root.Options.Add(option);
            Entries.Add(option.Name, entry);
        }
    }
}

/// <summary>A parsed command line.</summary>
public sealed record ParsedCommand(string Command, ScenarioOptions Options, TraceSettings Trace, string LogLevel)
{
    /// <summary>The command's arguments (describe NAME, sweep KEY=VALUES, compare A B).</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>The command's first argument, if any.</summary>
    public string? Argument => Arguments.Count > 0 ? Arguments[0] : null;

    /// <summary>validate's plan (validate only).</summary>
    public Validate.ValidatePlan? Validate { get; init; }

    /// <summary>--log-file.</summary>
    public string? LogFile { get; init; }

    /// <summary>--json: the result file ("none": none); null: the default path.</summary>
    public string? JsonPath { get; init; }

    /// <summary>--out: the sweep's output directory.</summary>
    public string? OutDir { get; init; }

    /// <summary>--view.</summary>
    public ViewMode View { get; init; }

    /// <summary>soak: the rows to run.</summary>
    internal SoakPlan? Soak { get; init; }

    /// <summary>Where the run's result file goes, or null for none.</summary>
    public string? ResultPath => JsonPath switch
    {
        "none" => null,
        null => Path.Combine("results", $"{Options.Name}-seed{Options.Seed}.json"),
        var path => path,
    };
}
