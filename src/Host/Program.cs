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

if (parsed.Command == "bench")
{
    return Benchmark.Run(parsed.Options, Console.Out);
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

if (parsed.Options.Mode == ActorStack.Actors.ExecutionMode.Live && Environment.ProcessorCount < parsed.Options.Cpus)
{
    Console.WriteLine($"note: live mode simulates {parsed.Options.Cpus} CPUs on a host with {Environment.ProcessorCount} cores; the CPU threads share cores.");
}

using var host = new SimulatedHost(parsed.Options, log);
var result = host.Run();
Console.Write(result.Format());
return result.Conservation.Holds && result.Quiet ? 0 : 1;
