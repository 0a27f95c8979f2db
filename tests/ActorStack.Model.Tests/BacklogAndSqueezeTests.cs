using ActorStack.Host;
using ActorStack.Softirq.Skb;

namespace ActorStack.Model.Tests;

/// <summary>enqueue_to_backlog limits, time_squeeze, ksoftirqd, coalescing and livelock.</summary>
public class BacklogAndSqueezeTests
{
    [Theory]
    [InlineData(300, 100)]
    [InlineData(500, 10)]
    [InlineData(101, 100)]
    public void EnqueueToBacklog_BurstAboveMaxBacklog_DropsExactlyTheExcessWithCpuBacklog(int burst, int maxBacklog)
    {
        // A legacy driver's interrupt handler takes the whole burst off the ring and netif_rx()s it into CPU 0's
        // backlog before the softirq that drains the backlog can run. The kernel accepts while qlen <= max_backlog,
        // so max_backlog + 1 packets are queued and the rest dropped.
        var options = ScenarioRunner.Options("livelock", $"traffic.packets={burst}", $"traffic.burst={burst}", $"net.core.netdev_max_backlog={maxBacklog}");
        var result = ScenarioRunner.Run(options);
        long expectedDrops = Math.Max(0, burst - (maxBacklog + 1));
        Assert.Equal(expectedDrops, result.Drops.Where(d => d.Reason == SkbDropReason.CpuBacklog).Sum(d => d.Count));
        Assert.Equal(expectedDrops, result.Conservation.Dropped);
        Assert.Equal(expectedDrops, result.Counters.SoftnetDropped);
        Assert.Equal(expectedDrops, result.Counters.RxDropped);
        Assert.Equal(burst - expectedDrops, result.Conservation.Delivered);
    }

    [Fact]
    public void TimeSqueeze_FiveBusyNapisOnOneCpu_CountsWhenTheBudgetRunsOut()
    {
        var result = ScenarioRunner.Run("squeeze", "traffic.packets=20000");
        Assert.True(result.Counters.TimeSqueeze > 0);
        // Work left after the restarts goes to ksoftirqd.
        Assert.True(result.Counters.KsoftirqdWakeups > 0);
    }

    [Fact]
    public void TimeSqueeze_FourBusyNapis_NeverExhaustTheBudget()
    {
        // 4 × 64 = 256 < netdev_budget 300: each pass ends with its list empty (the NAPIs go to repoll), so
        // time_squeeze stays 0 however loaded the CPU is: only the budget or the time limit count.
        var result = ScenarioRunner.Run("squeeze", "traffic.packets=20000", "ethtool.combined=4", "irq.affinity=0,0,0,0");
        Assert.Equal(0, result.Counters.TimeSqueeze);
    }

    [Fact]
    public void TimeSqueeze_BudgetBelowWeight_CountsEveryFullPoll()
    {
        // netdev_budget 32 < weight 64: any poll that uses its whole weight ends the pass with a squeeze.
        var result = ScenarioRunner.Run("squeeze", "traffic.packets=20000", "net.core.netdev_budget=32");
        Assert.True(result.Counters.TimeSqueeze > 100);
    }

    [Fact]
    public void Coalescing_RxFrames8_CutsInterruptsByExactlyEight()
    {
        // 20 µs between packets: each NAPI poll is over before the next packet, so every interrupt takes exactly 8.
        var off = ScenarioRunner.Run("default", "traffic.packets=800", "traffic.rate=50000", "ethtool.rx-usecs=0", "ethtool.rx-frames=1");
        var frames = ScenarioRunner.Run("default", "traffic.packets=800", "traffic.rate=50000", "ethtool.rx-usecs=0", "ethtool.rx-frames=8");
        Assert.Equal(800, off.Counters.Interrupts);
        Assert.Equal(100, frames.Counters.Interrupts);
        Assert.Equal(800, frames.Conservation.Delivered);
    }

    [Fact]
    public void Coalescing_RxUsecs50_At100kpps_TakesAboutSixPacketsPerInterrupt()
    {
        // A packet every 10 µs; the interrupt comes 50 µs after the first unsignalled completion, by which time
        // 6 packets wait.
        var result = ScenarioRunner.Run("default", "traffic.packets=1200", "ethtool.rx-usecs=50", "ethtool.rx-frames=0");
        Assert.InRange(result.Counters.Interrupts, 1200 / 7, 1200 / 5);
        Assert.Equal(1200, result.Conservation.Delivered);
    }

    [Fact]
    public void Livelock_WithoutNapi_DeliveryCollapses_WithNapi_ItPlateaus()
    {
        var legacy = ScenarioRunner.Run("livelock", "traffic.rate=1500000", "traffic.packets=30000");
        var napi = ScenarioRunner.Run("livelock", "traffic.rate=1500000", "traffic.packets=30000", "driver.napi=on");
        double legacyShare = (double)legacy.Conservation.Delivered / legacy.Conservation.Injected;
        double napiShare = (double)napi.Conservation.Delivered / napi.Conservation.Injected;
        Assert.True(legacyShare < 0.10, $"legacy delivered {legacyShare:P1}");
        Assert.True(napiShare > 0.45, $"NAPI delivered {napiShare:P1}");
        // Without NAPI the CPU is spent in hard IRQ; with it the NIC drops what the CPU cannot take, for free.
        Assert.True(legacy.Cpus[0].Irq > 80);
        Assert.Contains(napi.Drops, d => d.Reason == SkbDropReason.FullRing);
    }

    [Fact]
    public void EveryShippedScenario_RunsShortAndKeepsConservation()
    {
        foreach (var scenario in Scenarios.All)
        {
            var result = ScenarioRunner.Run(scenario.Name, "traffic.packets=3000");
            Assert.True(result.Quiet, scenario.Name);
            // Nothing reached the model from another thread: Akka's own actors and timers stayed out of it.
            Assert.Equal(0, result.ForeignEvents);
            Assert.True(result.Turns > 0, scenario.Name);
            Assert.True(result.Conservation.Holds, $"{scenario.Name}: {result.Conservation}");
            if (result.Tcp is { } tcp)
            {
                // TCP: every frame the peers got onto the wire, retransmissions included; every byte read intact.
                Assert.Equal(tcp.SegmentsSent - tcp.LostOnWire, result.Conservation.Injected);
                Assert.Equal(0, tcp.CorruptBytes);
            }
            else
            {
                Assert.Equal(3000, result.Conservation.Injected);
            }
        }
    }

    [Theory]
    [InlineData("rss-4")]
    [InlineData("rps")]
    public void LiveRun_KeepsConservationAndOrder(string scenario)
    {
        var result = ScenarioRunner.Run(scenario, "mode=live", "traffic.packets=4000", "traffic.rate=200000", "traffic.burst=1");
        Assert.Equal(0, result.OutOfOrder);
    }
}

/// <summary>Software interrupt coalescing: gro_flush_timeout with napi_defer_hard_irqs.</summary>
public class DeferHardIrqsTests
{
    [Fact]
    public void DeferHardIrqs_SteadyTraffic_KeepsTheInterruptMaskedAndPollsFromTheWatchdog()
    {
        string[] off = ["traffic.rate=300000", "traffic.packets=3000", "ethtool.adaptive-rx=off", "ethtool.rx-usecs=0", "ethtool.rx-frames=1"];
        var plain = ScenarioRunner.Run("default", off);
        var deferred = ScenarioRunner.Run("default", [.. off, "sysfs.gro_flush_timeout=20000", "sysfs.napi_defer_hard_irqs=1"]);
        Assert.Equal(3000, plain.Counters.Interrupts);
        // A packet every 3.3 µs: every watchdog poll (20 µs) finds work, so the count is re-armed and the device
        // interrupt is never re-enabled after the first.
        Assert.True(deferred.Counters.Interrupts < 10, $"{deferred.Counters.Interrupts} interrupts");
        Assert.Equal(3000, deferred.Conservation.Delivered);
        Assert.Equal(0, deferred.OutOfOrder);
    }

    [Fact]
    public void DeferHardIrqs_TrafficStops_InterruptComesBackOn()
    {
        // Five trains of 100 frames, 10 ms apart. Within a train the watchdog polls keep finding work and the device
        // interrupt stays masked; after a train, two empty polls use up napi_defer_hard_irqs and napi_complete_done
        // lets the driver unmask, so each new train raises exactly one interrupt.
        var result = ScenarioRunner.Run(
            "default", "traffic.packets=500", "traffic.burst=100", "traffic.rate=10000", "ethtool.adaptive-rx=off", "ethtool.rx-usecs=0",
            "ethtool.rx-frames=1", "sysfs.gro_flush_timeout=20000", "sysfs.napi_defer_hard_irqs=2");
        Assert.Equal(500, result.Conservation.Delivered);
        Assert.Equal(5, result.Counters.Interrupts);
    }
}

/// <summary>time_squeeze from the time limit, and the flow limit.</summary>
public class TimeLimitAndFlowLimitTests
{
    [Fact]
    public void TimeSqueeze_PollOutlastsNetdevBudgetUsecs_CountsWithoutTheBudgetRunningOut()
    {
        // One queue (64 < budget 300, so the budget never runs out) whose driver work costs 100 µs a packet:
        // a full poll of 64 takes 6.4 ms. With HZ 1000 and netdev_budget_usecs 1000 the pass may last 1 jiffy.
        string[] slow = ["cpus=1", "sockets=1", "traffic.flows=1", "app.cpus=0", "traffic.packets=2000", "traffic.rate=20000",
            "traffic.burst=1000", "ethtool.rx=4096", "kernel.hz=1000", "cost.driver_rx_packet=100000", "cost.jitter_percent=0"];
        var limited = ScenarioRunner.Run("default", [.. slow, "net.core.netdev_budget_usecs=1000"]);
        var unlimited = ScenarioRunner.Run("default", [.. slow, "net.core.netdev_budget_usecs=10000000"]);
        Assert.True(limited.Counters.TimeSqueeze > 0);
        Assert.Equal(0, unlimited.Counters.TimeSqueeze);
    }

    [Fact]
    public void FlowLimit_OneFlowFloodingABacklog_IsCutAtHalfTheBacklog()
    {
        // RPS sends everything from CPU 0 to CPU 1's backlog; one flow is all the traffic. With CPU 0 in
        // flow_limit_cpu_bitmap, once the backlog is half full the flow (> 64 of the last 128) is dropped.
        string[] settings = ["queues.rps_cpus=2", "traffic.flows=1", "sockets=1", "app.cpus=3", "traffic.packets=4096", "net.core.netdev_max_backlog=200"];
        var limited = ScenarioRunner.Run("rps", [.. settings, "net.core.flow_limit_cpu_bitmap=1"]);
        var plain = ScenarioRunner.Run("rps", settings);
        Assert.True(limited.Counters.FlowLimitCount > 0);
        Assert.Equal(0, plain.Counters.FlowLimitCount);
        // Flow-limit drops are backlog drops too: softnet dropped counts them, with reason CPU_BACKLOG.
        Assert.True(limited.Counters.SoftnetDropped >= limited.Counters.FlowLimitCount);
        Assert.Equal(limited.Counters.SoftnetDropped, limited.Drops.Where(d => d.Reason == ActorStack.Softirq.Skb.SkbDropReason.CpuBacklog).Sum(d => d.Count));
    }
}
