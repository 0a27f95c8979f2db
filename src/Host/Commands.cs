using ActorStack.Host.Reports;
using ActorStack.Host.Reports.Charts;
using ActorStack.Host.Tracing;
using ActorStack.Host.Views;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Display;
using Serilog.Formatting.Json;

namespace ActorStack.Host;

/// <summary>
/// The console's commands. Everything goes through <see cref="Execute"/> with the writers to use, so tests run
/// the real commands in-process. Exit codes: 0 fine, 1 a run broke conservation or did not go quiet, 2 bad input (nothing ran), 3 an output
/// could not be written, 4 supervision stopped an actor (a run with --fault, say); soak exits 1 when any of its child runs failed.
/// </summary>
public static class Commands
{
    /// <summary>Runs the command line <paramref name="args"/>.</summary>
    public static int Execute(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            var syntax = CommandLine.Syntax(args);
            if (CommandLine.IsLibraryAction(syntax))
            {
                // --help, --version, or a completion request ([suggest] directive): the library answers.
                return syntax.Invoke(new System.CommandLine.InvocationConfiguration { Output = output, Error = error });
            }

            var parsed = CommandLine.Bind(syntax);
            OutputPaths.Check(parsed);
            if (parsed.Command == "run" && parsed.Trace.Otlp)
            {
                OtlpEnvironment.Check();
            }

            return parsed.Command switch
            {
                "bench" => Benchmark.Run(parsed.Options, output),
                "validate" => Validate.ValidateCommand.Run(parsed.Validate!, output, error),
                "soak" => Soak.SoakCommand.Run(parsed.Soak!, parsed.JsonPath is null or "none" ? null : parsed.JsonPath, output),
                "list" => List(output),
                "keys" => Keys(output),
                "describe" => Describe(parsed.Argument!, output),
                "compare" => CompareFiles(parsed.Arguments[0], parsed.Arguments[1], output),
                "sweep" => Sweep.Run(parsed.Options, parsed.Argument!, output, parsed.OutDir ?? $"sweep-{parsed.Argument!.Split('=')[0]}"),
                _ => Run(parsed, output, error),
            };
        }
        catch (ArgumentException bad)
        {
            error.WriteLine($"error: {bad.Message}");
            error.WriteLine("run with --help for the options.");
            return 2;
        }
        catch (Exception failed) when (failed is IOException or UnauthorizedAccessException)
        {
            // The paths were checked before the run; this is the disk failing under it (full, removed, read-only).
            error.WriteLine($"error: writing output failed: {failed.Message}");
            return 3;
        }
    }

    private static int Run(ParsedCommand parsed, TextWriter output, TextWriter error)
    {
        if (LiveWarmup.Run(parsed.Options))
        {
            output.WriteLine($"warm-up: {Math.Min(parsed.Options.Packets, LiveWarmup.Packets)} packets at {LiveWarmup.RatePps} pps run first and discarded, so the JIT has compiled the receive path");
        }

        using var log = KernelLog(parsed, error);
        using var tracing = TracePipeline.Start(parsed.Trace, parsed.Options, line =>
        {
            // From the export thread: one line, written whole.
            lock (error)
            {
                error.WriteLine(line);
            }
        });
        using var host = new SimulatedHost(parsed.Options, log);
        // Akka's own log events reach Serilog through Akka.Logger.Serilog, which writes to Log.Logger: the kernel log,
        // stamped with model time like every other line.
        var previousLogger = Serilog.Log.Logger;
        Serilog.Log.Logger = host.Stack.Log.ForContext("SourceContext", "akka");
        try
        {
            return RunAndReport(parsed, host, tracing, output);
        }
        finally
        {
            // The kernel log is disposed with this run; Akka's later lines must not go to it.
            Serilog.Log.Logger = previousLogger;
        }
    }

    private static int RunAndReport(ParsedCommand parsed, SimulatedHost host, TracePipeline? tracing, TextWriter output)
    {
        tracing?.Attach(host.Stack.Tracer);
        var view = LiveView.For(parsed.View);
        var result = view is null ? host.Run() : view.Show(() => host.Run(view: view));
        if (tracing is not null)
        {
            result = result with { Tracing = tracing.Finish() };
        }

        if (Terminal.IsTerminal(output))
        {
            ConsoleTables.WriteReport(Terminal.Ansi(output), output, result);
        }
        else
        {
            output.Write(result.Format());
        }

        if (parsed.ResultPath is { } path)
        {
            ResultFile.Write(RunReport.Of(result), path);
            string timeline = Path.ChangeExtension(path, ".timeline.svg");
            string png = TimelineChart.Write($"{parsed.Options.Name}: per-CPU time (mpstat split)", result.Timeline, timeline);
            output.WriteLine($"results: {path} (timeline: {timeline}, {png})");
        }

        if (!result.Conservation.Holds || !result.Quiet)
        {
            return 1;
        }

        // Everything was accounted for, but supervision had to stop an actor: not a clean run.
        return result.StoppedActors > 0 ? 4 : 0;
    }

    // The kernel log: rate-limited messages with the span attribute names as properties, on stderr, and as
    // compact JSON lines in --log-file.
    private static Serilog.Core.Logger KernelLog(ParsedCommand parsed, TextWriter error)
    {
        var level = Enum.Parse<LogEventLevel>(parsed.LogLevel, ignoreCase: true);
        var config = new LoggerConfiguration().MinimumLevel.Is(level)
            .WriteTo.Sink(new TextWriterSink(error, new MessageTemplateTextFormatter("[{model_time}] {Level:u4} {Message:lj}{NewLine}{Exception}", System.Globalization.CultureInfo.InvariantCulture)));
        if (parsed.LogFile is { } file)
        {
            config = config.WriteTo.File(new JsonFormatter(renderMessage: true, formatProvider: System.Globalization.CultureInfo.InvariantCulture), file);
        }

        return config.CreateLogger();
    }

    private static int List(TextWriter output)
    {
        var rows = Scenarios.All.Select(s => (s.Name, Summary: s.Description.Split(". ")[0])).ToArray();
        if (Terminal.IsTerminal(output))
        {
            Terminal.Ansi(output).Write(ConsoleTables.Pairs("scenario", "what it shows", rows));
        }
        else
        {
            foreach (var (name, summary) in rows)
            {
                output.WriteLine($"{name,-14} {summary}");
            }
        }

        output.WriteLine();
        output.WriteLine("run one with --scenario NAME; describe NAME prints its YAML, a starting point for your own file.");
        return 0;
    }

    private static int Keys(TextWriter output)
    {
        if (Terminal.IsTerminal(output))
        {
            Terminal.Ansi(output).Write(ConsoleTables.Pairs("key", "what it sets", Knobs.Keys));
            return 0;
        }

        foreach (var (key, help) in Knobs.Keys)
        {
            output.WriteLine($"{key,-34} {help}");
        }

        return 0;
    }

    private static int Describe(string name, TextWriter output)
    {
        var scenario = Scenarios.Find(name);
        output.WriteLine($"{scenario.Name}: {scenario.Description}");
        output.WriteLine();
        output.WriteLine(ScenarioFile.IsFile(name) ? File.ReadAllText(name) : Scenarios.Yaml(scenario.Name));
        return 0;
    }

    private static int CompareFiles(string a, string b, TextWriter output)
    {
        Compare.Write(ResultFile.Read(a), a, ResultFile.Read(b), b, output);
        return 0;
    }
}
