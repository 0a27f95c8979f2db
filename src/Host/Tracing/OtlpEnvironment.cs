namespace ActorStack.Host.Tracing;

/// <summary>
/// The standard OTLP variables, checked before a traced run: the OpenTelemetry SDK silently falls back to gRPC on
/// localhost for a value it cannot read, which would send a run's traces nowhere with no word.
/// </summary>
internal static class OtlpEnvironment
{
    private static readonly string[] Endpoints = ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"];
    private static readonly string[] Protocols = ["OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"];

    /// <summary>Throws an <see cref="ArgumentException"/> naming the variable whose value the exporter cannot use.</summary>
    public static void Check(Func<string, string?>? read = null)
    {
        read ??= Environment.GetEnvironmentVariable;
        foreach (string name in Endpoints)
        {
            if (read(name) is { Length: > 0 } value &&
                (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Host.Length == 0))
            {
                throw new ArgumentException($"{name}={value}: not an http:// or https:// URL (e.g. http://localhost:4317).");
            }
        }

        foreach (string name in Protocols)
        {
            if (read(name) is { Length: > 0 } value && value is not ("grpc" or "http/protobuf"))
            {
                throw new ArgumentException($"{name}={value}: must be grpc or http/protobuf (what Jaeger's OTLP intake takes).");
            }
        }
    }
}
