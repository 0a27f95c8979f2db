using System.Diagnostics;
using System.Text.Json;
using ActorStack.Softirq.Tracing;
using OpenTelemetry;

namespace ActorStack.Host.Tracing;

/// <summary>
/// Writes spans as a Jaeger JSON trace file (the format of Jaeger's /api/traces, which Jaeger UI opens offline
/// with "Upload JSON"): {"data": [{traceID, spans: [...], processes: {p1: ...}}], "total": N}. The file is written as
/// the run goes: a packet's trace is written out when it ends (a consume_skb or kfree_skb event; the traces GRO
/// merged into an aggregate with the aggregate's), so only the traces of packets still in the host are held, and memory
/// is bounded by the host's queues, not by the packet count. Traces that never ended (still queued) are written at
/// shutdown.
/// </summary>
internal sealed class JaegerJsonExporter : BaseExporter<Activity>
{
    private readonly string _path;
    private readonly string _serviceName;
    private readonly IReadOnlyDictionary<string, string> _processTags;
    private readonly Dictionary<ActivityTraceId, OpenTrace> _open = new();
    private readonly Dictionary<ActivityTraceId, List<ActivityTraceId>> _absorbed = new();
    private readonly Dictionary<ActivityTraceId, OpenTrace> _recent = new();
    private readonly Queue<ActivityTraceId> _recentOrder = new();
    private readonly object _gate = new();
    private readonly SeededIds? _ids;
    private FileStream? _stream;
    private Utf8JsonWriter? _json;
    private long _written;
    private bool _closed;

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

    /// <summary>Traces held because their packet has not ended yet.</summary>
    internal int OpenTraces
    {
        get
        {
            lock (_gate)
            {
                return _open.Count;
            }
        }
    }

    public override ExportResult Export(in Batch<Activity> batch)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return ExportResult.Failure;
            }

            foreach (var activity in batch)
            {
                var trace = Open(activity.TraceId);
                trace.Spans.Add(JaegerSpan.Of(activity, trace, this));
                if (activity.OperationName == "napi_gro_complete")
                {
                    // The absorbed packets' traces end with the aggregate's.
                    foreach (var link in activity.Links)
                    {
                        if (!_absorbed.TryGetValue(activity.TraceId, out var list))
                        {
                            _absorbed[activity.TraceId] = list = new List<ActivityTraceId>();
                        }

                        list.Add(link.Context.TraceId);
                    }
                }

                if (Ends(activity))
                {
                    Complete(activity.TraceId);
                }
            }

            // Written traces leave the writer's buffer for the file once it holds a useful amount.
            if (_json is { BytesPending: > 65536 } json)
            {
                json.Flush();
            }
        }

        return ExportResult.Success;
    }

    protected override bool OnShutdown(int timeoutMilliseconds)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return true;
            }

            // Packets still in the host when the run ended: their traces as far as they went, oldest first.
            foreach (var trace in _open.Keys.ToArray())
            {
                Complete(trace);
            }

            var json = Writer();
            json.WriteEndArray();
            json.WriteNumber("total", _written);
            json.WriteNumber("limit", 0);
            json.WriteNumber("offset", 0);
            json.WriteNull("errors");
            json.WriteEndObject();
            json.Flush();
            json.Dispose();
            _stream!.Dispose();
            _closed = true;
        }

        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _json?.Dispose();
            _stream?.Dispose();
        }

        base.Dispose(disposing);
    }

    private static bool Ends(Activity activity)
    {
        foreach (var e in activity.Events)
        {
            if (e.Name is SkbTracer.ConsumeEvent or SkbTags.DropEvent)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Written traces whose ids stay known, for a link or a late span that names them.</summary>
    internal const int RecentTraces = 4096;

    private OpenTrace Open(ActivityTraceId id)
    {
        if (!_open.TryGetValue(id, out var trace))
        {
            // A span of a trace already written (rare: a span that ended after its packet did) keeps the trace's ids
            // and is written as a second entry of the same trace.
            trace = _recent.TryGetValue(id, out var written) ? written : new OpenTrace(_ids?.Trace() ?? id.ToHexString());
            _open[id] = trace;
        }

        return trace;
    }

    private (string TraceId, string SpanId) Link(ActivityContext context)
    {
        if (_open.TryGetValue(context.TraceId, out var trace) || _recent.TryGetValue(context.TraceId, out trace))
        {
            return (trace.Id, trace.SpanId(context.SpanId, _ids));
        }

        // Long gone: its own ids are right without seeded ids; with them, a fresh id (a dangling reference).
        return _ids is null ? (context.TraceId.ToHexString(), context.SpanId.ToHexString()) : (_ids.Trace(), _ids.Span());
    }

    private void Remember(ActivityTraceId id, OpenTrace trace)
    {
        trace.Spans.Clear();
        if (_recent.TryAdd(id, trace))
        {
            _recentOrder.Enqueue(id);
            if (_recentOrder.Count > RecentTraces)
            {
                _recent.Remove(_recentOrder.Dequeue());
            }
        }
    }

    private string SpanId(OpenTrace trace, ActivitySpanId id) => trace.SpanId(id, _ids);

    // The trace's packet has ended: write it, and the traces of the packets GRO merged into it.
    private void Complete(ActivityTraceId id)
    {
        if (_open.Remove(id, out var trace))
        {
            Write(trace);
            Remember(id, trace);
        }

        if (_absorbed.Remove(id, out var absorbed))
        {
            absorbed.ForEach(Complete);
        }
    }

    private void Write(OpenTrace trace)
    {
        var json = Writer();
        json.WriteStartObject();
        json.WriteString("traceID", trace.Id);
        json.WriteStartArray("spans");
        trace.Spans.Sort((a, b) => a.StartMicros.CompareTo(b.StartMicros));
        foreach (var span in trace.Spans)
        {
            span.Write(json, trace.Id);
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
        _written++;
    }

    // The file is opened with the first trace written (the path was checked before the run started).
    private Utf8JsonWriter Writer()
    {
        if (_json is null)
        {
            string? directory = Path.GetDirectoryName(Path.GetFullPath(_path));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            _stream = File.Create(_path);
            _json = new Utf8JsonWriter(_stream, new JsonWriterOptions { Indented = false });
            _json.WriteStartObject();
            _json.WriteStartArray("data");
        }

        return _json;
    }

    /// <summary>A trace whose packet is still in the host: its id as written, its spans, its span ids as written.</summary>
    private sealed class OpenTrace(string id)
    {
        private readonly Dictionary<ActivitySpanId, string> _spanIds = new();

        public string Id { get; } = id;

        public List<JaegerSpan> Spans { get; } = new(8);

        public string SpanId(ActivitySpanId span, SeededIds? ids)
        {
            if (!_spanIds.TryGetValue(span, out var mapped))
            {
                _spanIds[span] = mapped = ids?.Span() ?? span.ToHexString();
            }

            return mapped;
        }
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

        public static JaegerSpan Of(Activity a, OpenTrace trace, JaegerJsonExporter exporter) =>
            new(
                exporter.SpanId(trace, a.SpanId),
                a.ParentSpanId == default ? null : exporter.SpanId(trace, a.ParentSpanId),
                a.OperationName,
                Micros((a.StartTimeUtc - DateTime.UnixEpoch).Ticks),
                Micros(Math.Max(0, a.Duration.Ticks)),
                a.TagObjects.Select(t => (t.Key, t.Value)).ToArray(),
                a.Events.Select(e => (Micros((e.Timestamp.UtcDateTime - DateTime.UnixEpoch).Ticks), e.Name, e.Tags.Select(t => (t.Key, t.Value)).ToArray())).ToArray(),
                a.Links.Select(l => exporter.Link(l.Context)).ToArray());

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

/// <summary>
/// Trace and span ids numbered from a seed in order of first sight: the same seed, the same ids. Only a counter: the
/// mapping from the random ids lives with each open trace and goes when the trace is written.
/// </summary>
internal sealed class SeededIds(int seed)
{
    private ulong _next = (ulong)(uint)seed << 32;

    public string Trace() => $"{Mix(++_next):x16}{Mix(++_next):x16}";

    public string Span() => $"{Mix(++_next):x16}";

    // SplitMix64's finaliser, a bijection: distinct counters give distinct, well-spread ids (0, invalid, becomes 1).
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9UL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebUL;
        z ^= z >> 31;
        return z == 0 ? 1 : z;
    }
}
