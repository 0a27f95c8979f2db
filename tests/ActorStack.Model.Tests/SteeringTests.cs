using ActorStack.Host;
using ActorStack.Softirq.Skb;

namespace ActorStack.Model.Tests;

/// <summary>RSS, RPS and RFS: load lands where the kernel would put it, and no flow is ever reordered.</summary>
public class SteeringTests
{
    public static TheoryData<string, int> ScenariosAndSeeds()
    {
        var data = new TheoryData<string, int>();
        foreach (var scenario in new[] { "rss-4", "rps", "rfs-migrate" })
        {
            for (int seed = 1; seed <= 6; seed++)
            {
                data.Add(scenario, seed);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ScenariosAndSeeds))]
    public void Steering_AnySeed_KeepsEveryFlowInOrderAndConservesPackets(string scenario, int seed)
    {
        var result = ScenarioRunner.Run(scenario, $"seed={seed}", "traffic.packets=6000");
        Assert.Equal(0, result.OutOfOrder);
        Assert.True(result.Conservation.Delivered > 0);
    }

    [Fact]
    public void Rss_FourQueues_SpreadsPacketsAndInterruptsOverFourCpus()
    {
        var result = ScenarioRunner.Run("rss-4", "traffic.packets=8000");
        var softnet = result.SoftnetStat.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // 64 flows over a 128-entry table filled i mod 4: every CPU's queue takes a share.
        Assert.All(softnet, line => Assert.NotEqual("00000000", line[..8]));
        Assert.Equal(8000, result.Counters.SoftnetProcessed);
    }

    [Fact]
    public void Rps_CountsIpisOnTargetsAndProcessesOnlyThere()
    {
        var result = ScenarioRunner.Run("rps", "traffic.packets=4096", "net.core.netdev_max_backlog=1000");
        var processed = result.SoftnetStat.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => Convert.ToInt64(l[..8], 16)).ToArray();
        // rps_cpus = 6: CPU 0 polls the ring but __netif_receive_skb_core runs only on CPUs 1 and 2.
        Assert.Equal(0, processed[0]);
        Assert.True(processed[1] > 0 && processed[2] > 0);
        Assert.Equal(0, processed[3]);
        Assert.True(result.Counters.ReceivedRps > 0);
        Assert.Equal(0, result.Conservation.Dropped);
    }

    [Fact]
    public void Rps_SmallBacklog_DropsAsCpuBacklogAndCountsThemInSoftnetAndRxDropped()
    {
        var result = ScenarioRunner.Run("rps", "traffic.packets=4096");
        long backlogDrops = result.Drops.Where(d => d.Reason == SkbDropReason.CpuBacklog).Sum(d => d.Count);
        Assert.True(backlogDrops > 0);
        Assert.Equal(backlogDrops, result.Counters.SoftnetDropped);
        Assert.Equal(backlogDrops, result.Counters.RxDropped);
        Assert.Equal(0, result.OutOfOrder);
    }

    [Fact]
    public void Rfs_ReaderMigrates_SoftirqFollowsItToEachCpu()
    {
        var rfs = ScenarioRunner.Run("rfs-migrate");
        var processed = rfs.SoftnetStat.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => Convert.ToInt64(l[..8], 16)).ToArray();
        // The reader visits CPUs 1, 2 and 3; RFS moves the flow's protocol work to each of them in turn.
        Assert.True(processed[1] > 0 && processed[2] > 0 && processed[3] > 0, string.Join(",", processed));
        Assert.Equal(0, rfs.OutOfOrder);

        // Without the socket flow table, plain RPS hashes the single flow to one fixed CPU.
        var rps = ScenarioRunner.Run("rfs-migrate", "net.core.rps_sock_flow_entries=0");
        var rpsProcessed = rps.SoftnetStat.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => Convert.ToInt64(l[..8], 16)).ToArray();
        Assert.Equal(1, rpsProcessed.Count(p => p > 0));
    }

    [Fact]
    public void IndirectionWeights_FillTheTableInProportion()
    {
        var table = ActorStack.Nic.NicOptions.WeightedIndirection([1, 1, 2]);
        Assert.Equal([32, 32, 64], Enumerable.Range(0, 3).Select(q => table.Count(e => e == q)));
        var equal = ActorStack.Nic.NicOptions.EqualIndirection(3);
        Assert.Equal(0, equal[0]);
        Assert.Equal(1, equal[1]);
        Assert.Equal(0, equal[3]);
    }

    [Fact]
    public void Indirection_AllEntriesOnQueueOne_SendsEverythingThere()
    {
        var result = ScenarioRunner.Run("rss-2", "traffic.packets=2000", "ethtool.indir=weight 0 1");
        Assert.Contains("rx_queue_0_packets: 0\n", result.EthtoolStats, StringComparison.Ordinal);
        // Queue 1 takes every frame it has room for; the rest it misses (ring full), none go to queue 0.
        Assert.Contains($"rx_queue_1_packets: {result.Counters.RxPackets}\n", result.EthtoolStats, StringComparison.Ordinal);
        Assert.Equal(2000, result.Counters.RxPackets + result.Counters.RxMissedErrors);
    }
}
