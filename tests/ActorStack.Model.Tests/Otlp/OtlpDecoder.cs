using Google.Protobuf;

namespace ActorStack.Model.Tests.Otlp;

/// <summary>
/// Decodes opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest by field number, straight from the
/// OTLP protobuf definitions, independent of the exporter that encoded it.
/// </summary>
internal static class OtlpDecoder
{
    public static List<OtlpSpan> DecodeExportTraceServiceRequest(byte[] body)
    {
        var spans = new List<OtlpSpan>();
        var input = new CodedInputStream(body);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == 1)
            {
                // repeated ResourceSpans resource_spans = 1
                ResourceSpans(input.ReadBytes(), spans);
            }
            else
            {
                input.SkipLastField();
            }
        }

        return spans;
    }

    private static void ResourceSpans(ByteString bytes, List<OtlpSpan> spans)
    {
        var resource = new Dictionary<string, object?>();
        var scopes = new List<ByteString>();
        var input = bytes.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: // Resource resource = 1 { repeated KeyValue attributes = 1 }
                    var r = input.ReadBytes().CreateCodedInput();
                    uint rt;
                    while ((rt = r.ReadTag()) != 0)
                    {
                        if (WireFormat.GetTagFieldNumber(rt) == 1)
                        {
                            var (k, v) = KeyValue(r.ReadBytes());
                            resource[k] = v;
                        }
                        else
                        {
                            r.SkipLastField();
                        }
                    }

                    break;
                case 2: // repeated ScopeSpans scope_spans = 2
                    scopes.Add(input.ReadBytes());
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        foreach (var scope in scopes)
        {
            var s = scope.CreateCodedInput();
            string scopeName = string.Empty;
            var scopeSpans = new List<ByteString>();
            while ((tag = s.ReadTag()) != 0)
            {
                switch (WireFormat.GetTagFieldNumber(tag))
                {
                    case 1: // InstrumentationScope scope = 1 { string name = 1 }
                        var sc = s.ReadBytes().CreateCodedInput();
                        uint st;
                        while ((st = sc.ReadTag()) != 0)
                        {
                            if (WireFormat.GetTagFieldNumber(st) == 1)
                            {
                                scopeName = sc.ReadString();
                            }
                            else
                            {
                                sc.SkipLastField();
                            }
                        }

                        break;
                    case 2: // repeated Span spans = 2
                        scopeSpans.Add(s.ReadBytes());
                        break;
                    default:
                        s.SkipLastField();
                        break;
                }
            }

            spans.AddRange(scopeSpans.Select(b => Span(b, scopeName, resource)));
        }
    }

    private static OtlpSpan Span(ByteString bytes, string scope, Dictionary<string, object?> resource)
    {
        var span = new OtlpSpan { Scope = scope, Resource = resource };
        var input = bytes.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: span.TraceId = Convert.ToHexStringLower(input.ReadBytes().Span); break;
                case 2: span.SpanId = Convert.ToHexStringLower(input.ReadBytes().Span); break;
                case 4: span.ParentSpanId = Convert.ToHexStringLower(input.ReadBytes().Span); break;
                case 5: span.Name = input.ReadString(); break;
                case 7: span.StartUnixNano = input.ReadFixed64(); break;
                case 8: span.EndUnixNano = input.ReadFixed64(); break;
                case 9:
                    var (k, v) = KeyValue(input.ReadBytes());
                    span.Attributes[k] = v;
                    break;
                case 11: span.Events.Add(Event(input.ReadBytes())); break;
                case 13: span.Links.Add(Link(input.ReadBytes())); break;
                default: input.SkipLastField(); break;
            }
        }

        return span;
    }

    private static (string Name, Dictionary<string, object?> Attributes) Event(ByteString bytes)
    {
        string name = string.Empty;
        ulong time = 0;
        var attributes = new Dictionary<string, object?>();
        var input = bytes.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: time = input.ReadFixed64(); break;
                case 2: name = input.ReadString(); break;
                case 3:
                    var (k, v) = KeyValue(input.ReadBytes());
                    attributes[k] = v;
                    break;
                default: input.SkipLastField(); break;
            }
        }

        // The event's time travels as an attribute of the decoded event, so tests can compare it with span times.
        attributes["time_unix_nano"] = time;
        return (name, attributes);
    }

    private static (string TraceId, string SpanId) Link(ByteString bytes)
    {
        string trace = string.Empty, span = string.Empty;
        var input = bytes.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: trace = Convert.ToHexStringLower(input.ReadBytes().Span); break;
                case 2: span = Convert.ToHexStringLower(input.ReadBytes().Span); break;
                default: input.SkipLastField(); break;
            }
        }

        return (trace, span);
    }

    // KeyValue { string key = 1; AnyValue value = 2 } with AnyValue { string_value = 1; bool_value = 2;
    // int_value = 3; double_value = 4; ... }.
    private static (string Key, object? Value) KeyValue(ByteString bytes)
    {
        string key = string.Empty;
        object? value = null;
        var input = bytes.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: key = input.ReadString(); break;
                case 2:
                    var any = input.ReadBytes().CreateCodedInput();
                    uint at;
                    while ((at = any.ReadTag()) != 0)
                    {
                        value = WireFormat.GetTagFieldNumber(at) switch
                        {
                            1 => any.ReadString(),
                            2 => any.ReadBool(),
                            3 => any.ReadInt64(),
                            4 => any.ReadDouble(),
                            _ => Skip(any),
                        };
                    }

                    break;
                default: input.SkipLastField(); break;
            }
        }

        return (key, value);
    }

    private static object? Skip(CodedInputStream input)
    {
        input.SkipLastField();
        return null;
    }
}

/// <summary>One decoded span.</summary>
internal sealed class OtlpSpan
{
    public string Scope { get; set; } = string.Empty;
    public Dictionary<string, object?> Resource { get; set; } = new();
    public string TraceId { get; set; } = string.Empty;
    public string SpanId { get; set; } = string.Empty;
    public string ParentSpanId { get; set; } = string.Empty;
    public string Name { get; set; } = string.Empty;
    public ulong StartUnixNano { get; set; }
    public ulong EndUnixNano { get; set; }
    public Dictionary<string, object?> Attributes { get; } = new();
    public List<(string Name, Dictionary<string, object?> Attributes)> Events { get; } = new();
    public List<(string TraceId, string SpanId)> Links { get; } = new();
}
