using System.Diagnostics;
using System.Text.Json;
using ActorStack.Host;
using ActorStack.Host.Tracing;
using ActorStack.Softirq.Tracing;
using OpenTelemetry;

namespace ActorStack.Model.Tests;

/// <summary>The Jaeger JSON file, sampling modes, and the counted export queue.</summary>
public sealed class TracingPipelineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("actorstack-trace-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void JaegerJsonFile_ParsesAndHoldsEveryPacketsSpansAsChildOfChains()
    {
        string file = Path.Combine(_dir, "run.jaeger.json");
        var (exit, stdout, _) = Run("--packets", "20", "--trace-file", file, "--json", "none", "--view", "off", "--trace-epoch", "2026-01-01T00:00:00Z");
        Assert.Equal(0, exit);
        Assert.Contains("jaeger-json → " + file + ": 160 exported, 0 lost", stdout, StringComparison.Ordinal);

        using var json = JsonDocument.Parse(File.ReadAllText(file));
        var traces = json.RootElement.GetProperty("data").EnumerateArray().ToArray();
        Assert.Equal(20, traces.Length);
        foreach (var trace in traces)
        {
            string traceId = trace.GetProperty("traceID").GetString()!;
            var spans = trace.GetProperty("spans").EnumerateArray().ToArray();
            Assert.Equal(
                ["nic_rx_dma", "napi_poll", "netif_receive_skb", "ip_rcv", "ip_local_deliver", "udp_rcv", "udp_queue_rcv_skb", "udp_recvmsg"],
                spans.Select(s => s.GetProperty("operationName").GetString()));
            for (int i = 1; i < spans.Length; i++)
            {
                var reference = spans[i].GetProperty("references").EnumerateArray().Single();
                Assert.Equal("CHILD_OF", reference.GetProperty("refType").GetString());
                Assert.Equal(traceId, reference.GetProperty("traceID").GetString());
                Assert.Equal(spans[i - 1].GetProperty("spanID").GetString(), reference.GetProperty("spanID").GetString());
            }

            var tags = spans[3].GetProperty("tags").EnumerateArray().ToDictionary(t => t.GetProperty("key").GetString()!, t => t.GetProperty("value"));
            Assert.Equal(2304, tags["truesize"].GetInt64());
            Assert.True(tags.ContainsKey("skb_id") && tags.ContainsKey("cpu"));
            Assert.Equal("p1", spans[0].GetProperty("processID").GetString());
            Assert.Equal("actorstack", trace.GetProperty("processes").GetProperty("p1").GetProperty("serviceName").GetString());
            // Jaeger's timestamps are µs since the epoch: the virtual clock's start is the chosen instant.
            Assert.True(spans[0].GetProperty("startTime").GetDecimal() >= new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1000);
            // Hops take fractions of a microsecond: their modelled durations are kept, not cut to 0.
            Assert.All(spans.Skip(1), s => Assert.True(s.GetProperty("duration").GetDecimal() > 0, s.GetProperty("operationName").GetString()));
            Assert.Contains(spans, s => s.GetProperty("duration").GetDecimal() % 1 != 0);
        }
    }

    [Fact]
    public void JaegerJsonFile_SameSeedAndEpoch_IsTheSameFile_OtherSeedIsNot()
    {
        string[] Args(string file, string seed) => ["--packets", "30", "--seed", seed, "--trace-file", file, "--json", "none", "--view", "off", "--trace-epoch", "2026-01-01T00:00:00Z"];
        string a = Path.Combine(_dir, "a.json"), b = Path.Combine(_dir, "b.json"), c = Path.Combine(_dir, "c.json");
        Assert.Equal(0, Run(Args(a, "7")).Exit);
        Assert.Equal(0, Run(Args(b, "7")).Exit);
        Assert.Equal(0, Run(Args(c, "8")).Exit);
        Assert.Equal(File.ReadAllText(a), File.ReadAllText(b));
        Assert.NotEqual(File.ReadAllText(a), File.ReadAllText(c));
    }

    [Fact]
    public void JaegerJsonExporter_WritesATraceWhenItsPacketEnds_HoldingOnlyTracesStillInTheHost()
    {
        string file = Path.Combine(_dir, "stream.json");
        using var source = new ActivitySource("actorstack.test.stream");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == source.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using var exporter = new JaegerJsonExporter(file, "actorstack", new Dictionary<string, string>(), idSeed: 1);

        var first = source.StartActivity("nic_rx_dma", ActivityKind.Internal, default(ActivityContext))!;
        first.Stop();
        var other = source.StartActivity("nic_rx_dma", ActivityKind.Internal, default(ActivityContext))!;
        other.Stop();
        Export(exporter, first, other);
        Assert.Equal(2, exporter.OpenTraces);

        var last = source.StartActivity("udp_recvmsg", ActivityKind.Internal, first.Context)!;
        last.AddEvent(new ActivityEvent(SkbTracer.ConsumeEvent));
        last.Stop();
        Export(exporter, last);
        Assert.Equal(1, exporter.OpenTraces);

        exporter.Shutdown();
        using var json = JsonDocument.Parse(File.ReadAllText(file));
        var traces = json.RootElement.GetProperty("data").EnumerateArray().ToArray();
        Assert.Equal(2, json.RootElement.GetProperty("total").GetInt32());
        // The ended packet's trace first, whole; the one still in the host at shutdown after it.
        Assert.Equal(["nic_rx_dma", "udp_recvmsg"], traces[0].GetProperty("spans").EnumerateArray().Select(s => s.GetProperty("operationName").GetString()));
        Assert.Single(traces[1].GetProperty("spans").EnumerateArray());
        Assert.NotEqual(traces[0].GetProperty("traceID").GetString(), traces[1].GetProperty("traceID").GetString());

        static void Export(JaegerJsonExporter exporter, params Activity[] spans) =>
            Assert.Equal(ExportResult.Success, exporter.Export(new Batch<Activity>(spans, spans.Length)));
    }

    [Fact]
    public void JaegerJsonFile_GroAggregates_EveryTraceOnce_EveryReferenceResolves()
    {
        string file = Path.Combine(_dir, "gro.json");
        var (exit, stdout, _) = Run("--set", "socket.udp_gro=on", "--burst", "16", "--rate", "400000", "--packets", "600", "--trace-file", file, "--json", "none", "--view", "off");
        Assert.True(exit == 0, stdout);

        using var json = JsonDocument.Parse(File.ReadAllText(file));
        var traces = json.RootElement.GetProperty("data").EnumerateArray().ToArray();
        Assert.Equal(600, traces.Length);
        Assert.Equal(600, traces.Select(t => t.GetProperty("traceID").GetString()).Distinct().Count());
        var spans = traces.SelectMany(t => t.GetProperty("spans").EnumerateArray().Select(s => (Trace: t.GetProperty("traceID").GetString(), Span: s))).ToArray();
        var known = spans.Select(s => (s.Trace, s.Span.GetProperty("spanID").GetString())).ToHashSet();
        var references = spans.SelectMany(s => s.Span.GetProperty("references").EnumerateArray()).ToArray();
        Assert.Contains(references, r => r.GetProperty("refType").GetString() == "FOLLOWS_FROM");
        Assert.All(references, r => Assert.Contains((r.GetProperty("traceID").GetString(), r.GetProperty("spanID").GetString()), known));
    }

    [Fact]
    public void DroppedSampling_ExportsExactlyTheTracesThatEndInAKfreeSkb()
    {
        string file = Path.Combine(_dir, "drops.jaeger.json");
        // A socket nobody reads: the first 92 datagrams queue, the other 108 drop as SOCKET_RCVBUFF.
        var (exit, stdout, _) = Run("--packets", "200", "--sockets", "1", "--flows", "1", "--no-read", "--sample", "dropped", "--trace-file", file, "--json", "none", "--view", "off");
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(File.ReadAllText(file));
        var traces = json.RootElement.GetProperty("data").EnumerateArray().ToArray();
        Assert.Equal(108, traces.Length);
        Assert.All(traces, t => Assert.Contains(
            t.GetProperty("spans").EnumerateArray().SelectMany(s => s.GetProperty("logs").EnumerateArray()),
            log => log.GetProperty("fields").EnumerateArray().Any(f => f.GetProperty("value").ToString() == "SOCKET_RCVBUFF")));
        // The 92 queued packets' traces are still open at the end: counted as undecided, not exported, not lost.
        Assert.Contains("0 lost (export queue full), 0 in failed exports, 0 left out (delivered), 644 undecided (still queued)", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void RatioSampling_TracesAboutThatShareOfPackets_EachWithItsWholePath()
    {
        using var collector = new ActivityCollector();
        var options = new ScenarioOptions { Packets = 2000 };
        using (var host = new SimulatedHost(options))
        {
            host.Stack.Tracer.Sampling = TraceSampling.Parse("ratio:0.1");
            host.Run();
        }

        var spans = collector.Spans.ToArray();
        int roots = spans.Count(s => s.OperationName == "nic_rx_dma");
        Assert.InRange(roots, 150, 250);
        Assert.Equal(roots * 8, spans.Length);
        var ids = spans.Select(s => s.SpanId).ToHashSet();
        Assert.All(spans.Where(s => s.OperationName != "nic_rx_dma"), s => Assert.Contains(s.ParentSpanId, ids));
    }

    [Fact]
    public void FlowSampling_TracesOnlyTheChosenFlow()
    {
        using var collector = new ActivityCollector();
        using (var host = new SimulatedHost(new ScenarioOptions { Packets = 400, Flows = 4 }))
        {
            host.Stack.Tracer.Sampling = TraceSampling.Parse("flow:10.0.1.2:40001>*:*/udp");
            host.Run();
        }

        var roots = collector.Spans.Where(s => s.OperationName == "nic_rx_dma").ToArray();
        Assert.Equal(100, roots.Length);
        Assert.All(roots, r => Assert.Equal(40001, r.GetTagItem(SkbTags.Sport)));
    }

    [Theory]
    [InlineData("ratio:0")]
    [InlineData("ratio:2")]
    [InlineData("flow:10.0.1:1>*")]
    [InlineData("some")]
    public void BadSampling_IsAClearError(string sample)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => CommandLine.Parse(["--sample", sample]));
        Assert.Contains("--sample", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExportQueue_LiveModeFull_DropsAndCountsEverySpanItCannotTake()
    {
        using var exporter = new GatedExporter();
        using var processor = new BoundedExportProcessor(exporter, maxQueue: 4, maxBatch: 2, blockWhenFull: false, filter: null);
        for (int i = 0; i < 200; i++)
        {
            processor.OnEnd(new Activity("span").SetIdFormat(ActivityIdFormat.W3C).Start().SetEndTime(DateTime.UtcNow));
        }

        // The exporter is held until every span was offered: at most the queue (4) and one batch (2) get through.
        exporter.Open.Set();
        processor.Shutdown(10_000);
        Assert.InRange(processor.DroppedQueueFull, 194, 200);
        Assert.Equal(200, processor.Exported + processor.DroppedQueueFull + processor.Failed);
    }

    [Fact]
    public void ExportQueue_DeterministicModeFull_WaitsAndLosesNothing()
    {
        using var exporter = new GatedExporter();
        exporter.Open.Set();
        using var processor = new BoundedExportProcessor(exporter, maxQueue: 4, maxBatch: 2, blockWhenFull: true, filter: null);
        for (int i = 0; i < 200; i++)
        {
            processor.OnEnd(new Activity("span").SetIdFormat(ActivityIdFormat.W3C).Start().SetEndTime(DateTime.UtcNow));
        }

        processor.Shutdown(10_000);
        Assert.Equal((200L, 0L), (processor.Exported, processor.DroppedQueueFull));
    }

    private static (int Exit, string Stdout, string Stderr) Run(params string[] args) => ConsoleRunner.Run(args);

    // An exporter that cannot export until the test opens it, so a small queue fills for certain.
    private sealed class GatedExporter : BaseExporter<Activity>
    {
        public ManualResetEventSlim Open { get; } = new(false);

        public override ExportResult Export(in Batch<Activity> batch)
        {
            Open.Wait();
            return ExportResult.Success;
        }

        protected override void Dispose(bool disposing)
        {
            Open.Dispose();
            base.Dispose(disposing);
        }
    }
}

/// <summary>A malformed OTLP variable is bad input naming it, not a silent fall-back to gRPC on localhost.</summary>
public class OtlpEnvironmentTests
{
    [Theory]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "localhost:4317")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "ftp://127.0.0.1:4317")]
    [InlineData("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "not a url")]
    [InlineData("OTEL_EXPORTER_OTLP_PROTOCOL", "http")]
    [InlineData("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "json")]
    public void MalformedVariable_IsRefusedByName(string name, string value)
    {
        var error = Assert.Throws<ArgumentException>(() => ActorStack.Host.Tracing.OtlpEnvironment.Check(n => n == name ? value : null));
        Assert.StartsWith(name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StandardValues_AreAccepted() =>
        ActorStack.Host.Tracing.OtlpEnvironment.Check(n => n switch
        {
            "OTEL_EXPORTER_OTLP_ENDPOINT" => "http://127.0.0.1:4318",
            "OTEL_EXPORTER_OTLP_PROTOCOL" => "http/protobuf",
            _ => null,
        });
}
