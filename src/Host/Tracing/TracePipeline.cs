using System.Diagnostics;
using ActorStack.Engine;
using ActorStack.Host.Reports;
using ActorStack.Softirq.Tracing;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ActorStack.Host.Tracing;

/// <summary>
/// The trace pipeline of one run: an OpenTelemetry tracer provider listening to the model's ActivitySource, with
/// a counted, bounded export processor per destination (OTLP as Jaeger ingests it; a Jaeger JSON file).
/// </summary>
public sealed class TracePipeline : IDisposable
{
    private readonly TraceSettings _settings;
    private readonly TracerProvider _provider;
    private readonly List<(BoundedExportProcessor Processor, string Name, string Target)> _processors = new();
    private SkbTracer? _tracer;
    private TraceExportStats? _stats;

    private readonly Action<string>? _warn;

    private TracePipeline(TraceSettings settings, ScenarioOptions options, Action<string>? warn)
    {
        _warn = warn;
        _settings = settings;
        bool block = options.Mode == ExecutionMode.Deterministic;
        var builder = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateDefault().AddService("actorstack").AddAttributes(new Dictionary<string, object>
            {
                ["actorstack.scenario"] = options.Name,
                ["actorstack.mode"] = options.Mode.ToString().ToLowerInvariant(),
                ["actorstack.seed"] = options.Seed,
            }))
            .AddSource(SkbTags.SourceName);
        if (settings.Otlp)
        {
            // The standard variables decide endpoint, protocol (grpc | http/protobuf), headers and timeout.
            var otlpOptions = new OtlpExporterOptions();
            Add(builder, new OtlpTraceExporter(otlpOptions), "otlp", $"{otlpOptions.Endpoint} ({otlpOptions.Protocol})", block);
        }

        if (settings.JaegerFile is { } file)
        {
            var tags = new Dictionary<string, string> { ["scenario"] = options.Name, ["seed"] = options.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            // A file exporter never loses spans to a slow collector, so it always waits for room.
            int? idSeed = options.Mode == ActorStack.Engine.ExecutionMode.Deterministic ? options.Seed : null;
            Add(builder, new JaegerJsonExporter(file, "actorstack", tags, idSeed), "jaeger-json", file, block: true);
        }

        _provider = builder.Build()!;
    }

    /// <summary>Starts tracing for a run of <paramref name="options"/>, or null when <paramref name="settings"/> asks for nothing.</summary>
    /// <param name="warn">Where a failed export is reported as it happens (the console's stderr).</param>
    public static TracePipeline? Start(TraceSettings settings, ScenarioOptions options, Action<string>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        return settings.Enabled ? new TracePipeline(settings, options, warn) : null;
    }

    /// <summary>Applies sampling and the time origin to the host's tracer.</summary>
    public void Attach(SkbTracer tracer)
    {
        ArgumentNullException.ThrowIfNull(tracer);
        _tracer = tracer;
        tracer.Sampling = _settings.Sampling;
        tracer.Epoch = _settings.Epoch ?? new DateTimeOffset(DateTime.UtcNow.Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero);
    }

    /// <summary>Flushes every exporter, shuts the pipeline down and returns its account.</summary>
    public TraceExportStats Finish()
    {
        if (_stats is not null)
        {
            return _stats;
        }

        _provider.ForceFlush(30_000);
        _provider.Shutdown(30_000);
        _stats = new TraceExportStats(
            _settings.Sampling.ToString(),
            _tracer?.SpansStarted ?? 0,
            _processors.Select(p => new ExporterStats(
                p.Name,
                p.Target,
                p.Processor.Exported,
                p.Processor.DroppedQueueFull,
                p.Processor.Failed,
                p.Processor.Filter?.Discarded ?? 0,
                p.Processor.Filter?.Undecided ?? 0,
                p.Processor.Filter?.Evicted ?? 0) { DroppedUnavailable = p.Processor.DroppedUnavailable }).ToArray());
        return _stats;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Finish();
        _provider.Dispose();
    }

    private void Add(TracerProviderBuilder builder, BaseExporter<Activity> exporter, string name, string target, bool block)
    {
        var filter = _settings.Sampling.Mode == TraceSamplingMode.Dropped ? new DroppedOnlyFilter(_settings.MaxHeldSpans) : null;
        var processor = new BoundedExportProcessor(exporter, _settings.MaxQueueSize, _settings.MaxBatchSize, block, filter, $"{name} {target}", _warn);
        _processors.Add((processor, name, target));
        builder.AddProcessor(processor);
    }
}
