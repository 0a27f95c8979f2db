using System.Globalization;
using ActorStack.Engine;
using Serilog.Core;
using Serilog.Events;

namespace ActorStack.Softirq;

/// <summary>
/// Adds the model time to every kernel log event, as printk's "[seconds.micros]" prefix: property model_time
/// (text, like dmesg) and model_time_ns (a number, for structured sinks).
/// </summary>
public sealed class ModelTimeEnricher : ILogEventEnricher
{
    private readonly IClock _clock;

    /// <summary>Creates the enricher on the model clock.</summary>
    public ModelTimeEnricher(IClock clock) => _clock = clock;

    /// <inheritdoc />
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        ArgumentNullException.ThrowIfNull(propertyFactory);
        long nanos = _clock.NowNanos;
        logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty("model_time_ns", nanos));
        string text = string.Create(CultureInfo.InvariantCulture, $"{nanos / 1_000_000_000,5}.{nanos / 1000 % 1_000_000:D6}");
        logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty("model_time", text));
    }
}
