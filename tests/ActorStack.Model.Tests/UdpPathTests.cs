using ActorStack.Engine;
using ActorStack.Host;
using ActorStack.Softirq.Skb;

namespace ActorStack.Model.Tests;

public class UdpPathTests
{
    private static ScenarioOptions Deterministic(int seed = 1) => new()
    {
        Mode = ExecutionMode.Deterministic,
        Seed = seed,
        Cpus = 2,
        Packets = 2000,
        Flows = 4,
        Sockets = 2,
    };

    private static RunResult Run(ScenarioOptions options)
    {
        using var host = new SimulatedHost(options);
        return host.Run();
    }

    [Fact]
    public void UdpPath_PacedTraffic_DeliversEveryDatagramInFlowOrderWithExactCounters()
    {
        var result = Run(Deterministic());
        var c = result.Counters;
        Assert.True(result.Quiet);
        Assert.Equal(2000, result.Conservation.Delivered);
        Assert.Equal(0, result.Conservation.Dropped);
        Assert.Equal(0, result.OutOfOrder);
        Assert.Equal(2000, c.RxPackets);
        Assert.Equal(2000, c.SoftnetProcessed);
        Assert.Equal(2000, c.IpInReceives);
        Assert.Equal(2000, c.IpInDelivers);
        Assert.Equal(2000, c.UdpInDatagrams);
        Assert.Equal(0, c.UdpInErrors + c.UdpNoPorts + c.UdpRcvbufErrors + c.IpInHdrErrors);
        Assert.All(result.Sockets, s => Assert.Equal(1000, s.Read));
        Assert.True(result.Conservation.Holds, result.Conservation.ToString());
    }

    [Theory]
    [InlineData(null, 212992, 92)]   // rmem_default 212992 / truesize 2304 = 92.4
    [InlineData(10000, 20000, 8)]    // SO_RCVBUF 10000 is doubled to 20000
    [InlineData(1000, 2304, 1)]      // doubled 2000 is raised to SOCK_MIN_RCVBUF; an empty socket always takes one
    public void NeverReadSocket_QueuesWhatRcvbufAdmitsByTruesize_AndDropsTheRestWithSocketRcvbuff(int? soRcvbuf, int expectedRcvbuf, int expectedQueued)
    {
        var options = Deterministic() with { Sockets = 1, Flows = 1, Packets = 500, AppReads = false, SoRcvbuf = soRcvbuf };
        var result = Run(options);
        var socket = Assert.Single(result.Sockets);
        Assert.Equal(expectedRcvbuf, socket.Rcvbuf);
        Assert.Equal(expectedQueued, socket.Queued);
        Assert.Equal(expectedQueued * 2304L, socket.RmemAlloc);
        Assert.Equal(500 - expectedQueued, result.Counters.UdpRcvbufErrors);
        Assert.Equal(500 - expectedQueued, result.Counters.UdpInErrors);
        Assert.Equal(500 - expectedQueued, socket.Drops);
        Assert.Equal([(SkbDropReason.SocketRcvbuff, 500L - expectedQueued)], result.Drops);
        Assert.Equal(0, result.Counters.UdpInDatagrams);
        Assert.Equal(500, result.Counters.IpInDelivers);
        Assert.Equal(expectedQueued, result.Conservation.StillQueued);
        Assert.True(result.Conservation.Holds, result.Conservation.ToString());
    }

    private static IEnumerable<string> WithoutWallClock(RunResult result) =>
        result.Format().Split('\n').Where(line => !line.StartsWith("run:", StringComparison.Ordinal));

    [Fact]
    public void SameSeedTwice_GivesIdenticalResults()
    {
        var first = Run(Deterministic(seed: 11) with { Burst = 100 });
        var second = Run(Deterministic(seed: 11) with { Burst = 100 });
        Assert.Equal(WithoutWallClock(first), WithoutWallClock(second));
        Assert.Equal(first.Counters, second.Counters);
    }

    [Fact]
    public void DifferentSeeds_InterleaveDifferently()
    {
        // Trains of 100 frames arrive at once, so which actor runs next decides interrupts, wakeups and queue depths.
        var runs = Enumerable.Range(1, 5).Select(seed => Run(Deterministic(seed) with { Burst = 100 })).ToArray();
        // Everything but the wall-clock line: interrupts, wakeups and queue states depend on the interleaving.
        var distinct = runs.Select(r => string.Join('\n', WithoutWallClock(r))).Distinct().Count();
        Assert.True(distinct >= 2, "all seeds produced the same interleaving");
        Assert.All(runs, r => Assert.True(r.Conservation.Holds));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void ManySeeds_UnderOverload_KeepConservationAndInFlowOrder(int seed)
    {
        // A burst far above what the readers drain: ring and rcvbuf drops happen, order and accounting must not break.
        var result = Run(Deterministic(seed) with { Packets = 3000, Burst = 300, Nic = new ActorStack.Nic.NicOptions { RxRingSize = 64 }, SoRcvbuf = 20000 });
        Assert.True(result.Conservation.Dropped > 0, "the overload produced no drops");
        Assert.True(result.Quiet);
        Assert.True(result.Conservation.Holds, result.Conservation.ToString());
        Assert.Equal(0, result.OutOfOrder);
        Assert.Equal(0, result.InFlight);
        Assert.Equal(result.Counters.RxPackets, result.Counters.IpInReceives);
        Assert.Equal(result.Counters.RxMissedErrors, result.Drops.Where(d => d.Reason == SkbDropReason.FullRing).Sum(d => d.Count));
    }

    [Fact]
    public void Live_SameScenarioOnRealThreads_KeepsConservationAndInFlowOrder()
    {
        var result = Run(Deterministic() with { Mode = ExecutionMode.Live, Packets = 20000, RatePps = 200_000 });
        Assert.True(result.Quiet);
        Assert.True(result.Conservation.Holds, result.Conservation.ToString());
        Assert.Equal(0, result.OutOfOrder);
        Assert.Equal(20000, result.Conservation.Injected);
        Assert.Equal(result.Conservation.Delivered, result.Counters.UdpInDatagrams);
    }
}
