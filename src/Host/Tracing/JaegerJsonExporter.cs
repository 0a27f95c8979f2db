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
    private bool _written;

    public JaegerJsonExporter(string path, string serviceName, IReadOnlyDictionary<string, string> processTags)
    {
        _path = path;
        _serviceName = serviceName;
        _processTags = processTags;
    }

    public override ExportResult Export(in Batch<Activity> batch)
    {
        lock (_gate)
        {
            foreach (var activity in batch)
            {
                string trace = activity.TraceId.ToHexString();
                if (!_traces.TryGetValue(trace, out var spans))
                {
                    _traces[trace] = spans = new List<JaegerSpan>();
                }

                spans.Add(JaegerSpan.Of(activity));
            }
        }

        return ExportResult.Success;
    }

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
        long StartMicros,
        long DurationMicros,
        (string Key, object? Value)[] Tags,
        (long Micros, string Name, (string Key, object? Value)[] Fields)[] Logs,
        (string TraceId, string SpanId)[] Links)
    {
        public static JaegerSpan Of(Activity a)
        {
            long start = (a.StartTimeUtc - DateTime.UnixEpoch).Ticks / 10;
            return new JaegerSpan(
                a.SpanId.ToHexString(),
                a.ParentSpanId == default ? null : a.ParentSpanId.ToHexString(),
                a.OperationName,
                start,
                Math.Max(0, a.Duration.Ticks / 10),
                a.TagObjects.Select(t => (t.Key, t.Value)).ToArray(),
                a.Events.Select(e => ((e.Timestamp.UtcDateTime - DateTime.UnixEpoch).Ticks / 10, e.Name, e.Tags.Select(t => (t.Key, t.Value)).ToArray())).ToArray(),
                a.Links.Select(l => (l.Context.TraceId.ToHexString(), l.Context.SpanId.ToHexString())).ToArray());
        }

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
