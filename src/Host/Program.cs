using ActorStack.Host;
using ActorStack.Softirq.Tracing;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Serilog;
using Serilog.Events;

ParsedCommand parsed;
try
{
    parsed = CommandLine.Parse(args);
}
catch (HelpRequestedException)
{
    Console.WriteLine(CommandLine.Usage);
    return 0;
}
catch (ArgumentException error)
{
    Console.Error.WriteLine($"error: {error.Message}");
    Console.Error.WriteLine("run with --help for the options.");
    return 2;
}

switch (parsed.Command)
{
    case "bench":
        return Benchmark.Run(parsed.Options, Console.Out);
    case "list":
        foreach (var scenario in Scenarios.All)
        {
            Console.WriteLine($"{scenario.Name,-14} {scenario.Description}");
        }

        return 0;
    case "keys":
        foreach (var (key, help) in Knobs.Keys)
        {
            Console.WriteLine($"{key,-34} {help}");
        }

        return 0;
    case "describe":
        try
        {
            var scenario = Scenarios.Find(parsed.Argument!);
            Console.WriteLine($"{scenario.Name}: {scenario.Description}");
            Console.WriteLine("settings:");
            foreach (var setting in scenario.Settings)
            {
                Console.WriteLine($"  --set {setting}");
            }

            return 0;
        }
        catch (ArgumentException error)
        {
            Console.Error.WriteLine($"error: {error.Message}");
            return 2;
        }

    case "sweep":
        try
        {
            return Sweep.Run(parsed.Options, parsed.Argument!, Console.Out);
        }
        catch (ArgumentException error)
        {
            Console.Error.WriteLine($"error: {error.Message}");
            return 2;
        }
}

var level = Enum.Parse<LogEventLevel>(parsed.LogLevel, ignoreCase: true);
using var log = new LoggerConfiguration().MinimumLevel.Is(level).WriteTo.Console(standardErrorFromLevel: LogEventLevel.Verbose).CreateLogger();
using var tracing = parsed.Trace
    ? Sdk.CreateTracerProviderBuilder()
        .SetResourceBuilder(ResourceBuilder.CreateDefault().AddService("actorstack-host"))
        .AddSource(SkbTags.SourceName)
        .AddOtlpExporter()
        .Build()
    : null;

using var host = new SimulatedHost(parsed.Options, log);
var result = host.Run();
Console.Write(result.Format());
return result.Conservation.Holds && result.Quiet ? 0 : 1;
