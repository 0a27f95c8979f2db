using System.Diagnostics;
using System.Text.Json;
using OpenTelemetry;

namespace ActorStack.Host.Tracing;

/// <summary>
/// Writes spans as a Jaeger JSON trace file (the format of Jaeger's /api/traces, which Jaeger UI opens offline
/// with "Upload JSON"): {"data": [{traceID, spans: [...], processes: {p1: ...}}]}. Spans are kept compactly
/// (no Activity references) and the file is written at shutdown, one entry per trace.
/// </summary>
internal sealed class JaegerJsonExporter : BaseExporter<Activity>
{
    private readonly string _path;
    private readonly string _serviceName;
    private readonly IReadOnlyDictionary<string, string> _processTags;
    private readonly Dictionary<string, List<JaegerSpan>> _traces = new();
    private readonly object _gate = new();
    private readonly SeededIds? _ids;
    private bool _written;

    /// <param name="idSeed">
    /// Deterministic runs: trace and span ids are renumbered from this seed in the order the spans arrive (which the
    /// seed fixes), so the same seed writes the same file; Activity's own ids are random. Null: ids as they are.
    /// </param>
    public JaegerJsonExporter(string path, string serviceName, IReadOnlyDictionary<string, string> processTags, int? idSeed = null)
    {
        _path = path;
        _serviceName = serviceName;
        _processTags = processTags;
        _ids = idSeed is int seed ? new SeededIds(seed) : null;
    }

    public override ExportResult Export(in Batch<Activity> batch)
    {
        lock (_gate)
        {
            foreach (var activity in batch)
            {
                string trace = Trace(activity.TraceId.ToHexString());
                if (!_traces.TryGetValue(trace, out var spans))
                {
                    _traces[trace] = spans = new List<JaegerSpan>();
                }

                spans.Add(JaegerSpan.Of(activity, Trace, Span));
            }
        }

        return ExportResult.Success;
    }

    private string Trace(string id) => _ids?.Trace(id) ?? id;

    private string Span(string id) => _ids?.Span(id) ?? id;

    protected override bool OnShutdown(int timeoutMilliseconds)
    {
        lock (_gate)
        {
            if (_written)
            {
                return true;
            }

            _written = true;
            string? directory = Path.GetDirectoryName(Path.GetFullPath(_path));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            using var stream = File.Create(_path);
            using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false });
            json.WriteStartObject();
            json.WriteStartArray("data");
            foreach (var (traceId, spans) in _traces)
            {
                json.WriteStartObject();
                json.WriteString("traceID", traceId);
                json.WriteStartArray("spans");
                foreach (var span in spans.OrderBy(s => s.StartMicros))
                {
                    span.Write(json, traceId);
                }

                json.WriteEndArray();
                json.WriteStartObject("processes");
                json.WriteStartObject("p1");
                json.WriteString("serviceName", _serviceName);
                json.WriteStartArray("tags");
                foreach (var (key, value) in _processTags)
                {
                    WriteTag(json, key, value);
                }

                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteNull("warnings");
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteNumber("total", _traces.Count);
            json.WriteNumber("limit", 0);
            json.WriteNumber("offset", 0);
            json.WriteNull("errors");
            json.WriteEndObject();
        }

        return true;
    }

    internal static void WriteTag(Utf8JsonWriter json, string key, object? value)
    {
        json.WriteStartObject();
        json.WriteString("key", key);
        switch (value)
        {
            case bool b:
                json.WriteString("type", "bool");
                json.WriteBoolean("value", b);
                break;
            case int or long or short or byte or uint or ushort:
                json.WriteString("type", "int64");
                json.WriteNumber("value", Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case double or float:
                json.WriteString("type", "float64");
                json.WriteNumber("value", Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            default:
                json.WriteString("type", "string");
                json.WriteString("value", Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty);
                break;
        }

        json.WriteEndObject();
    }

    private sealed record JaegerSpan(
        string SpanId,
        string? ParentId,
        string Name,
        decimal StartMicros,
        decimal DurationMicros,
        (string Key, object? Value)[] Tags,
        (decimal Micros, string Name, (string Key, object? Value)[] Fields)[] Logs,
        (string TraceId, string SpanId)[] Links)
    {
        // Jaeger counts in microseconds; a hop takes a fraction of one. Times keep the model's full resolution (the
        // 100 ns of a DateTime tick) as exact decimal microseconds instead of being cut to whole ones.
        private static decimal Micros(long ticks) => ticks / 10m;

        public static JaegerSpan Of(Activity a, Func<string, string> trace, Func<string, string> span) =>
            new(
                span(a.SpanId.ToHexString()),
                a.ParentSpanId == default ? null : span(a.ParentSpanId.ToHexString()),
                a.OperationName,
                Micros((a.StartTimeUtc - DateTime.UnixEpoch).Ticks),
                Micros(Math.Max(0, a.Duration.Ticks)),
                a.TagObjects.Select(t => (t.Key, t.Value)).ToArray(),
                a.Events.Select(e => (Micros((e.Timestamp.UtcDateTime - DateTime.UnixEpoch).Ticks), e.Name, e.Tags.Select(t => (t.Key, t.Value)).ToArray())).ToArray(),
                a.Links.Select(l => (trace(l.Context.TraceId.ToHexString()), span(l.Context.SpanId.ToHexString()))).ToArray());

        public void Write(Utf8JsonWriter json, string traceId)
        {
            json.WriteStartObject();
            json.WriteString("traceID", traceId);
            json.WriteString("spanID", SpanId);
            json.WriteNumber("flags", 1);
            json.WriteString("operationName", Name);
            json.WriteStartArray("references");
            if (ParentId is not null)
            {
                Reference(json, "CHILD_OF", traceId, ParentId);
            }

            foreach (var (linkTrace, linkSpan) in Links)
            {
                Reference(json, "FOLLOWS_FROM", linkTrace, linkSpan);
            }

            json.WriteEndArray();
            json.WriteNumber("startTime", StartMicros);
            json.WriteNumber("duration", DurationMicros);
            json.WriteStartArray("tags");
            foreach (var (key, value) in Tags)
            {
                WriteTag(json, key, value);
            }

            json.WriteEndArray();
            json.WriteStartArray("logs");
            foreach (var (micros, name, fields) in Logs)
            {
                json.WriteStartObject();
                json.WriteNumber("timestamp", micros);
                json.WriteStartArray("fields");
                WriteTag(json, "event", name);
                foreach (var (key, value) in fields)
                {
                    WriteTag(json, key, value);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteString("processID", "p1");
            json.WriteNull("warnings");
            json.WriteEndObject();
        }

        private static void Reference(Utf8JsonWriter json, string type, string traceId, string spanId)
        {
            json.WriteStartObject();
            json.WriteString("refType", type);
            json.WriteString("traceID", traceId);
            json.WriteString("spanID", spanId);
            json.WriteEndObject();
        }
    }
}

/// <summary>Trace and span ids numbered from a seed in order of first sight: the same seed, the same ids.</summary>
internal sealed class SeededIds(int seed)
{
    private readonly Dictionary<string, string> _traces = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _spans = new(StringComparer.Ordinal);
    private ulong _next = (ulong)(uint)seed << 32;

    public string Trace(string id)
    {
        if (!_traces.TryGetValue(id, out var mapped))
        {
            _traces[id] = mapped = $"{Mix(++_next):x16}{Mix(++_next):x16}";
        }

        return mapped;
    }

    public string Span(string id)
    {
        if (!_spans.TryGetValue(id, out var mapped))
        {
            _spans[id] = mapped = $"{Mix(++_next):x16}";
        }

        return mapped;
    }

    // SplitMix64's finaliser, a bijection: distinct counters give distinct, well-spread ids (0, invalid, becomes 1).
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9UL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebUL;
        z ^= z >> 31;
        return z == 0 ? 1 : z;
    }
}
