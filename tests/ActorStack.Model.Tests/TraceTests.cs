using System.Diagnostics;
using ActorStack.Engine;
using ActorStack.Host;
using ActorStack.Softirq.Tracing;

namespace ActorStack.Model.Tests;

[Collection("tracing")]
public class TraceTests
{
    [Fact]
    public void OnePacket_HasOneSpanPerHop_InKernelOrder_UnderOneTraceId()
    {
        using var collector = new ActivityCollector();
        var spans = collector.Spans;
        using (var host = new SimulatedHost(new ScenarioOptions { Mode = ExecutionMode.Deterministic, Packets = 3, Sockets = 1, Flows = 1, CostJitterPercent = 0 }))
        {
            Assert.True(host.Run().Conservation.Holds);
        }

        var traces = spans.GroupBy(s => s.TraceId).OrderBy(t => t.Min(s => s.StartTimeUtc)).ToArray();
        Assert.Equal(3, traces.Length);
        for (int packet = 0; packet < traces.Length; packet++)
        {
            var trace = traces[packet];
            var byParent = trace.ToDictionary(s => s.ParentSpanId);
            var chain = new List<Activity>();
            var next = trace.Single(s => s.ParentSpanId == default);
            while (true)
            {
                chain.Add(next);
                if (!byParent.TryGetValue(next.SpanId, out next!))
                {
                    break;
                }
            }

            Assert.Equal(
                ["nic_rx_dma", "napi_poll", "netif_receive_skb", "ip_rcv", "ip_local_deliver", "udp_rcv", "udp_queue_rcv_skb", "udp_recvmsg"],
                chain.Select(s => s.OperationName));
            Assert.Equal(trace.Count(), chain.Count);
            var skbId = chain[1].GetTagItem(SkbTags.SkbId);
            Assert.All(chain.Skip(1), s => Assert.Equal(skbId, s.GetTagItem(SkbTags.SkbId)));
            Assert.Equal(0, chain[1].GetTagItem(SkbTags.RxQueue));
            // Virtual time: at 100 000 pps packet k leaves at k·10 µs of model time; the DMA span starts exactly there,
            // and the driver's span exactly after the modelled hard IRQ, softirq entry and per-packet driver costs.
            // Wall-clock timestamps could not do that.
            var costs = new ActorStack.Softirq.CpuCosts();
            var departure = VirtualClock.Epoch.UtcDateTime.AddTicks(packet * 10 * TimeSpan.TicksPerMicrosecond);
            Assert.Equal(departure, chain[0].StartTimeUtc);
            Assert.Equal(departure.AddTicks((costs.HardIrq + costs.SoftirqEntry + costs.DriverRxPacket) / 100), chain[1].StartTimeUtc);
            for (int hop = 1; hop < chain.Count; hop++)
            {
                Assert.True(chain[hop].StartTimeUtc >= chain[hop - 1].StartTimeUtc, $"{chain[hop].OperationName} starts before {chain[hop - 1].OperationName}");
            }
        }
    }

    [Fact]
    public void BusyPolledPacket_NapiPollSpanRunsOnTheReadersCpu_TaggedBusyPoll_WithoutAnInterrupt()
    {
        using var collector = new ActivityCollector();
        var spans = collector.Spans;
        var options = ScenarioRunner.Options("busy-poll", "traffic.pattern=constant", "traffic.packets=50", "net.core.busy_read=300", "cost.jitter_percent=0");
        using (var host = new SimulatedHost(options))
        {
            Assert.True(host.Run().Conservation.Holds);
        }

        var polls = spans.Where(s => s.OperationName == "napi_poll").ToArray();
        var busy = polls.Where(s => Equals(s.GetTagItem(SkbTags.BusyPoll), true)).ToArray();
        // The first datagram arrives before the socket knows its NAPI; from then on the reader on CPU 1 polls.
        Assert.InRange(busy.Length, 45, 49);
        Assert.All(busy, s => Assert.Equal(1, s.GetTagItem(SkbTags.Cpu)));
        Assert.All(busy, s => Assert.Equal(8193, s.GetTagItem(SkbTags.NapiId)));
        Assert.All(busy, s => Assert.DoesNotContain(s.Events, e => e.Name.Contains("irq", StringComparison.OrdinalIgnoreCase)));
        // The rest went the interrupt way, on CPU 0.
        Assert.All(polls.Except(busy), s => Assert.Equal(0, s.GetTagItem(SkbTags.Cpu)));
    }

    [Fact]
    public void DroppedPacket_SpanCarriesKfreeSkbEventWithKernelReason()
    {
        using var collector = new ActivityCollector();
        var spans = collector.Spans;
        using (var host = new SimulatedHost(new ScenarioOptions { Mode = ExecutionMode.Deterministic, Packets = 3, Sockets = 1, Flows = 1, AppReads = false, SoRcvbuf = 0 }))
        {
            host.Run();
        }

        var drops = spans.Where(s => s.Events.Any(e => e.Name == SkbTags.DropEvent)).ToArray();
        Assert.Equal(2, drops.Length);
        Assert.All(drops, s =>
        {
            Assert.Equal("udp_queue_rcv_skb", s.OperationName);
            Assert.Equal("SOCKET_RCVBUFF", s.Events.Single().Tags.Single(t => t.Key == SkbTags.DropReason).Value);
        });
    }
}

/// <summary>Span events (drop, delivery) carry model time, like the spans they are on.</summary>
public class TraceEventTimeTests
{
    [Fact]
    public void KfreeSkbAndConsumeSkbEvents_AreStampedInModelTimeInsideTheirSpan()
    {
        using var collector = new ActivityCollector();
        using (var host = new SimulatedHost(new ScenarioOptions { Packets = 200, Burst = 50, Sockets = 1, Flows = 1, SoRcvbuf = 0 }))
        {
            host.Run();
        }

        var events = collector.Spans
            .SelectMany(s => s.Events.Where(e => e.Name is SkbTags.DropEvent or SkbTracer.ConsumeEvent).Select(e => (Span: s, Event: e)))
            .ToArray();
        Assert.Contains(events, x => x.Event.Name == SkbTags.DropEvent);
        Assert.Contains(events, x => x.Event.Name == SkbTracer.ConsumeEvent);
        // Model time starts at the virtual epoch (2026-01-01), far from the wall clock: a wall-time event would miss.
        Assert.All(events, x => Assert.InRange(x.Event.Timestamp.UtcDateTime, x.Span.StartTimeUtc, x.Span.StartTimeUtc + x.Span.Duration));
    }
}
