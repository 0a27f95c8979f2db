using ActorStack.Softirq.Tracing;

namespace ActorStack.Host.Tracing;

/// <summary>What to trace and where to send it.</summary>
public sealed record TraceSettings
{
    /// <summary>Export over OTLP (endpoint and protocol from OTEL_EXPORTER_OTLP_*).</summary>
    public bool Otlp { get; init; }

    /// <summary>Write a Jaeger JSON trace file here.</summary>
    public string? JaegerFile { get; init; }

    /// <summary>Which packets get a trace.</summary>
    public TraceSampling Sampling { get; init; } = TraceSampling.All;

    /// <summary>Wall-clock time model time 0 is shown at; null: when the run starts (so Jaeger's recent search finds it).</summary>
    public DateTimeOffset? Epoch { get; init; }

    /// <summary>Export queue size per exporter (OTEL_BSP_MAX_QUEUE_SIZE, default 2048).</summary>
    public int MaxQueueSize { get; init; } = EnvInt("OTEL_BSP_MAX_QUEUE_SIZE", 2048);

    /// <summary>Spans per export batch (OTEL_BSP_MAX_EXPORT_BATCH_SIZE, default 512).</summary>
    public int MaxBatchSize { get; init; } = EnvInt("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", 512);

    /// <summary>Most spans dropped-only sampling holds while their packets' fate is open.</summary>
    public int MaxHeldSpans { get; init; } = 2_000_000;

    /// <summary>True if anything is to be exported.</summary>
    public bool Enabled => Otlp || JaegerFile is not null;

    private static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out int value) && value > 0 ? value : fallback;
}
