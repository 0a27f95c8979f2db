using ActorStack.Host;
using ActorStack.Softirq.Skb;
using ActorStack.Softirq.Tracing;

namespace ActorStack.Model.Tests;

/// <summary>UDP GRO for sockets with UDP_GRO: same flow, in sequence, size and count limits, flushed at the end of each poll.</summary>
[Collection("tracing")]
public class GroTests
{
    private static ScenarioOptions Options(params string[] settings)
    {
        var options = new ScenarioOptions { Packets = 4000, RatePps = 1_000_000, Burst = 64, Flows = 4, Sockets = 2 };
        foreach (var setting in settings)
        {
            options = Knobs.Apply(options, setting);
        }

        return options;
    }

    [Fact]
    public void UdpGro_SocketAsked_MergesEachFlowAndDeliversEverySegmentInOrder()
    {
        var result = ScenarioRunner.Run(Options("socket.udp_gro=on"));
        var c = result.Counters;
        Assert.Equal(4000, result.Conservation.Delivered);
        Assert.Equal(0, result.OutOfOrder);
        // IP and UDP count skbs: one per aggregate (plus the packets that stayed single).
        Assert.True(c.IpInReceives < 1000, $"InReceives {c.IpInReceives}");
        Assert.Equal(c.IpInReceives, c.UdpInDatagrams);
        Assert.Equal(4000, c.IpInReceives + c.GroMerged);
        Assert.All(result.Sockets, s => Assert.Equal(2000, s.Read));
    }

    [Fact]
    public void UdpGro_NotAsked_NothingMerges()
    {
        var result = ScenarioRunner.Run(Options());
        Assert.Equal(0, result.Counters.GroMerged);
        Assert.Equal(result.Counters.RxPackets, result.Counters.IpInReceives);
    }

    [Fact]
    public void UdpGro_DeviceGroOff_NothingMerges()
    {
        var result = ScenarioRunner.Run(Options("socket.udp_gro=on", "ethtool.gro=off"));
        Assert.Equal(0, result.Counters.GroMerged);
    }

    [Fact]
    public void UdpGro_FullSizedSegments_StayUnder64KiB()
    {
        // 1472-byte payloads: 44 segments make 64 768 bytes of IP packet, the 45th would reach gro_max_size 65536.
        var result = ScenarioRunner.Run(Options("socket.udp_gro=on", "traffic.payload=1472", "traffic.flows=1", "sockets=1", "traffic.burst=256", "socket.rcvbuf=4194304"));
        Assert.Equal(4000, result.Conservation.Delivered);
        double perAggregate = (double)(result.Counters.GroMerged + result.Counters.GroAggregates) / result.Counters.GroAggregates;
        Assert.True(perAggregate <= 44, $"{perAggregate} segments per aggregate");
        Assert.True(perAggregate > 20, $"{perAggregate} segments per aggregate");
    }

    [Fact]
    public void UdpGro_AggregateDroppedAtTheSocket_CountsEveryPacketItHolds()
    {
        var result = ScenarioRunner.Run(Options("socket.udp_gro=on", "app.read=off", "socket.rcvbuf=0"));
        long dropped = result.Drops.Where(d => d.Reason == SkbDropReason.SocketRcvbuff).Sum(d => d.Count);
        // Nothing is read: every packet is either queued in the socket or dropped there, aggregates counted whole.
        Assert.Equal(0, result.Conservation.Delivered);
        Assert.Equal(4000, dropped + result.Conservation.StillQueued);
        // RcvbufErrors counts skbs (aggregates), the ledger counts packets: more packets than errors.
        Assert.True(dropped > result.Counters.UdpRcvbufErrors);
    }

    [Fact]
    public void UdpGro_Aggregate_LinksTheTracesOfThePacketsItAbsorbed()
    {
        using var collector = new ActivityCollector();
        ScenarioRunner.Run(Options("socket.udp_gro=on", "traffic.packets=256"));
        var merges = collector.Spans.Where(s => s.OperationName == "napi_gro_complete").ToArray();
        Assert.NotEmpty(merges);
        Assert.All(merges, m =>
        {
            int segs = (int)m.GetTagItem(SkbTags.GroSegs)!;
            Assert.Equal(segs - 1, m.Links.Count());
            Assert.DoesNotContain(m.Links, l => l.Context.TraceId == m.TraceId);
        });
        // The aggregate goes on up the stack on the head packet's trace.
        var recvmsg = collector.Spans.Where(s => s.OperationName == "udp_recvmsg").Select(s => s.TraceId).ToHashSet();
        Assert.All(merges, m => Assert.Contains(m.TraceId, recvmsg));
    }
}

/// <summary>TCP GRO (tcp_gro_receive) on a burst of segments injected at one instant, so one NAPI poll sees them all.</summary>
public class TcpGroTests
{
    private const byte Ack = 0x10;
    private const byte Psh = 0x08;

    private static RunResult Inject(Action<SimulatedHost, Action<uint, byte, int, ushort>> send, bool gro = true)
    {
        var options = new ScenarioOptions { Packets = 0, Sockets = 1, Flows = 1, Cpus = 2 };
        options = Knobs.Apply(options, "ethtool.gro", gro ? "on" : "off");
        using var host = new SimulatedHost(options);
        var spec = host.SpecTo(80, sourcePort: 40000);
        var frame = new byte[1514];
        var payload = new byte[1448];
        send(host, (seq, flags, length, id) =>
        {
            int n = Protocols.Wire.FrameBuilder.WriteTcp(frame, spec, seq, ack: 1, flags, payload.AsSpan(0, length), id);
            host.InjectFrame(frame.AsSpan(0, n));
        });
        var result = host.Run();
        Assert.True(result.Conservation.Holds, result.Conservation.ToString());
        return result;
    }

    private static void Segments(Action<uint, byte, int, ushort> send, int count, uint firstSeq = 1000, ushort firstId = 1)
    {
        for (int i = 0; i < count; i++)
        {
            send(firstSeq + (uint)(i * 1448), Ack, 1448, (ushort)(firstId + i));
        }
    }

    [Fact]
    public void TcpGro_InSequenceFullSegments_MergeIntoOneSkb()
    {
        var result = Inject((h, send) => Segments(send, 10));
        // One skb reaches ip_rcv for ten segments; with no socket on the port tcp_v4_rcv drops the aggregate as
        // NO_SOCKET, counted per packet, and answers it with one RST.
        Assert.Equal(1, result.Counters.IpInReceives);
        Assert.Equal(9, result.Counters.GroMerged);
        Assert.Equal(10, result.Drops.Single(d => d.Reason == ActorStack.Softirq.Skb.SkbDropReason.NoSocket).Count);
    }

    [Fact]
    public void TcpGro_Off_EverySegmentIsItsOwnSkb()
    {
        var result = Inject((h, send) => Segments(send, 10), gro: false);
        Assert.Equal(10, result.Counters.IpInReceives);
    }

    [Fact]
    public void TcpGro_SequenceGap_CompletesTheHeldAggregateAndPassesTheSegmentUp()
    {
        var result = Inject((h, send) =>
        {
            Segments(send, 4);
            // 5th segment skips one MSS: the held aggregate completes, this one goes up alone (flush), then a new
            // aggregate starts with the next in-sequence segments.
            Segments(send, 4, firstSeq: 1000 + (5 * 1448), firstId: 5);
        });
        Assert.Equal(3, result.Counters.IpInReceives);
    }

    [Fact]
    public void TcpGro_PshSegment_IsMergedAsTheLastOfItsAggregate()
    {
        var result = Inject((h, send) =>
        {
            send(1000, Ack, 1448, 1);
            send(1000 + 1448, Ack | Psh, 1448, 2);
            send(1000 + (2 * 1448), Ack, 1448, 3);
            send(1000 + (3 * 1448), Ack, 1448, 4);
        });
        // [1, 2+PSH] then [3, 4].
        Assert.Equal(2, result.Counters.IpInReceives);
        Assert.Equal(2, result.Counters.GroMerged);
    }

    [Fact]
    public void TcpGro_ShortSegment_EndsTheAggregate_PureAckGoesUpAlone()
    {
        var result = Inject((h, send) =>
        {
            send(1000, Ack, 1448, 1);
            send(1000 + 1448, Ack, 500, 2);
            send(1000 + 1448 + 500, Ack, 0, 3);
        });
        // [1, short 2] completes; the pure ACK (no payload) is never merged.
        Assert.Equal(2, result.Counters.IpInReceives);
        Assert.Equal(1, result.Counters.GroMerged);
    }

    [Fact]
    public void TcpGro_IpIdNotIncrementing_IsANetworkFlush()
    {
        var result = Inject((h, send) =>
        {
            send(1000, Ack, 1448, 1);
            send(1000 + 1448, Ack, 1448, 7);
        });
        Assert.Equal(0, result.Counters.GroMerged);
        Assert.Equal(2, result.Counters.IpInReceives);
    }
}
