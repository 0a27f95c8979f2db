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
            int segs = (int)m.GetTagItem("gro.segs")!;
            Assert.Equal(segs - 1, m.Links.Count());
            Assert.DoesNotContain(m.Links, l => l.Context.TraceId == m.TraceId);
        });
        // The aggregate goes on up the stack on the head packet's trace.
        var recvmsg = collector.Spans.Where(s => s.OperationName == "udp_recvmsg").Select(s => s.TraceId).ToHashSet();
        Assert.All(merges, m => Assert.Contains(m.TraceId, recvmsg));
    }
}
