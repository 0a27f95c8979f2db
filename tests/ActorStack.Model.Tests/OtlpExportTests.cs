using System.Diagnostics;
using ActorStack.Model.Tests.Otlp;

namespace ActorStack.Model.Tests;

/// <summary>
/// The console exports traces over OTLP/HTTP exactly as Jaeger ingests them: the real host process, configured only
/// by the standard OTEL_EXPORTER_OTLP_* variables, sends to a receiver on 127.0.0.1 that decodes the protobuf.
/// </summary>
public class OtlpExportTests
{
    private static readonly string[] PathOrder =
        ["nic_rx_dma", "napi_poll", "netif_receive_skb", "ip_rcv", "ip_local_deliver", "udp_rcv", "udp_queue_rcv_skb", "udp_recvmsg"];

    [Fact]
    public void HostProcess_WithOtlpHttpEnvironment_ExportsEveryHopOfAKnownPacketToTheReceiver()
    {
        using var receiver = new OtlpHttpReceiver();
        var (exit, stdout, stderr) = RunHost(receiver.Endpoint, "--packets", "10", "--flows", "2", "--sockets", "2", "--trace", "--json", "none", "--view", "off", "--trace-epoch", "2026-03-01T00:00:00Z");
        Assert.True(exit == 0, $"host exited {exit}\n{stdout}\n{stderr}");
        Assert.Empty(receiver.Rejected);

        var spans = receiver.Spans.ToArray();
        // 10 packets × 8 hops, and the host's own account says all of them went out.
        Assert.Equal(80, spans.Length);
        Assert.Contains("otlp → http://127.0.0.1:", stdout, StringComparison.Ordinal);
        Assert.Contains("80 exported, 0 lost (export queue full), 0 in failed exports", stdout, StringComparison.Ordinal);
        Assert.All(spans, s => Assert.Equal("ActorStack", s.Scope));
        Assert.All(spans, s => Assert.Equal("actorstack", s.Resource["service.name"]));

        // The first packet sent: flow 0 (sport 40000 → 5000), sequence 0, the earliest root.
        var root = spans.Where(s => s.Name == "nic_rx_dma").OrderBy(s => s.StartUnixNano).First();
        var trace = spans.Where(s => s.TraceId == root.TraceId).ToArray();
        Assert.Equal(PathOrder.Length, trace.Length);
        var chain = new List<OtlpSpan> { root };
        while (trace.SingleOrDefault(s => s.ParentSpanId == chain[^1].SpanId) is { } child)
        {
            chain.Add(child);
        }

        Assert.Equal(PathOrder, chain.Select(s => s.Name));
        Assert.Equal(string.Empty, root.ParentSpanId);
        Assert.Equal("10.0.1.2", root.Attributes["saddr"]);
        Assert.Equal("10.0.0.1", root.Attributes["daddr"]);
        Assert.Equal(40000L, root.Attributes["sport"]);
        Assert.Equal(5000L, root.Attributes["dport"]);
        Assert.Equal("udp", root.Attributes["protocol"]);
        Assert.Equal(0L, root.Attributes["rx_queue"]);
        Assert.Equal(0L, root.Attributes["ring_used"]);
        Assert.Equal(106L, root.Attributes["len"]);
        long skbId = (long)chain[1].Attributes["skb_id"]!;
        Assert.All(chain.Skip(1), s => Assert.Equal(skbId, s.Attributes["skb_id"]));
        Assert.All(chain.Skip(1), s => Assert.Equal(2304L, s.Attributes["truesize"]));
        Assert.Equal(0L, chain[1].Attributes["cpu"]);
        Assert.Equal(1L, chain[^1].Attributes["cpu"]);
        Assert.Equal("10.0.0.1:5000", chain[^2].Attributes["sk"]);
        Assert.Contains(chain[^1].Events, e => e.Name == "consume_skb");
        // The interrupt that scheduled the poll: after the DMA, before the poll, on the queue's vector.
        var irq = chain[1].Events.Single(e => e.Name == "irq_handler_entry");
        Assert.Equal("eth0-TxRx-0", irq.Attributes["irq"]);
        Assert.InRange((ulong)irq.Attributes["time_unix_nano"]!, root.StartUnixNano, chain[1].StartUnixNano);

        // Modelled time: the first departure is model time 0 at the chosen epoch; hops follow in order.
        ulong epoch = (ulong)(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000);
        Assert.Equal(epoch, root.StartUnixNano);
        for (int i = 1; i < chain.Count; i++)
        {
            Assert.True(chain[i].StartUnixNano >= chain[i - 1].StartUnixNano, $"{chain[i].Name} starts before {chain[i - 1].Name}");
        }

        Assert.True(chain[^1].EndUnixNano - root.StartUnixNano < 20_000, "a packet at 100 kpps on idle CPUs crosses the host in microseconds of model time");
    }

    [Fact]
    public void HostProcess_WithNoCollectorListening_CountsTheFailedExportsInsteadOfLosingThemSilently()
    {
        using var receiver = new OtlpHttpReceiver();
        string deadEndpoint = receiver.Endpoint;
        receiver.Dispose();
        var (exit, stdout, stderr) = RunHost(deadEndpoint, "--packets", "5", "--trace", "--json", "none", "--view", "off");
        Assert.True(exit == 0, $"host exited {exit}\n{stdout}\n{stderr}");
        // 5 packets, 8 hops each: every span is in a failed export, or dropped after one (the batch boundary depends on
        // when the export thread ran).
        var line = stdout.Split('\n').Single(l => l.Contains("otlp →", StringComparison.Ordinal));
        Assert.Contains(": 0 exported, 0 lost (export queue full), ", line, StringComparison.Ordinal);
        var failed = System.Text.RegularExpressions.Regex.Match(line, @"(\d+) in failed exports(?:, (\d+) dropped after a failed export)?");
        Assert.True(failed.Success, line);
        long dropped = failed.Groups[2].Success ? long.Parse(failed.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        Assert.True(long.Parse(failed.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 0, line);
        Assert.Equal(40, long.Parse(failed.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + dropped);
    }

    [Fact]
    public void HostProcess_WithACollectorThatNeverAnswers_FinishesAndCountsWhatItDropped()
    {
        // Accepts every connection and never answers: each export would take the whole OTLP timeout.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var held = new System.Collections.Concurrent.ConcurrentBag<System.Net.Sockets.TcpClient>();
        using var stop = new CancellationTokenSource();
        var accepting = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                held.Add(await listener.AcceptTcpClientAsync(stop.Token));
            }
        });
        try
        {
            string endpoint = $"http://127.0.0.1:{((System.Net.IPEndPoint)listener.LocalEndpoint).Port}";
            var watch = Stopwatch.StartNew();
            var (exit, stdout, stderr) = RunHost(endpoint, "--packets", "2000", "--trace", "--json", "none", "--view", "off");
            Assert.True(exit == 0, $"host exited {exit}\n{stdout}\n{stderr}");
            // One failed export (3 s timeout) and the final flush, not a timeout per batch (32 batches: 96 s).
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"took {watch.Elapsed}");
            var line = stdout.Split('\n').Single(l => l.Contains("otlp →", StringComparison.Ordinal));
            Assert.Contains("dropped after a failed export", line, StringComparison.Ordinal);
            Assert.Contains(" 0 exported", line, StringComparison.Ordinal);
            // Said when it happens, on stderr, not only in the report at the end.
            Assert.Contains("warning: trace export to otlp " + endpoint, stderr, StringComparison.Ordinal);
        }
        finally
        {
            stop.Cancel();
            listener.Stop();
            foreach (var client in held)
            {
                client.Dispose();
            }
        }
    }

    private static (int Exit, string Stdout, string Stderr) RunHost(string endpoint, params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "ActorStack.Host.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint;
        start.Environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        start.Environment["OTEL_EXPORTER_OTLP_TIMEOUT"] = "3000";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the host did not finish in 120 s");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
