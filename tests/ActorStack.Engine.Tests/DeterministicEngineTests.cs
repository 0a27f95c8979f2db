using ActorStack.TestKit;

namespace ActorStack.Engine.Tests;

/// <summary>The deterministic engine: seeded interleavings, virtual-time timers, one message per turn.</summary>
public class DeterministicEngineTests : SimTestKit
{
    private static List<string> Interleaving(int seed)
    {
        var log = new List<string>();
        using var system = Simulation.CreateDeterministic(cpuCount: 2, seed);
        var seen = new List<int>();
        var sink = system.Spawn(new Props<int>(() => new Sink<int>(seen)), "sink");
        var actors = Enumerable.Range(0, 4)
            .Select(i => system.Spawn(new Props<int>(() => new Forwarder<int>(sink, log, $"x{i}")).WithCpu(i % 2), $"x{i}"))
            .ToArray();
        for (int m = 0; m < 20; m++)
        {
            foreach (var actor in actors)
            {
                actor.Tell(m);
            }
        }

        system.RunUntilQuiet();
        Assert.Equal(0, system.ForeignEvents);
        return log;
    }

    [Fact]
    public void SameSeed_GivesTheSameInterleaving()
    {
        // Two separate simulations, same seed: any nondeterminism in scheduling would make the logs differ.
        var first = Interleaving(42);
        var second = Interleaving(42);
        Assert.NotEmpty(first);
        Assert.Equal(first, second);
    }

    [Fact]
    public void DifferentSeeds_ExploreDifferentInterleavings()
    {
        var distinct = Enumerable.Range(1, 8).Select(seed => string.Join(',', Interleaving(seed))).Distinct().Count();
        Assert.True(distinct >= 6, $"only {distinct} distinct interleavings out of 8 seeds");
    }

    [Fact]
    public void Timer_FiresAtItsVirtualTime_WithoutSleeping()
    {
        var probe = CreateProbe<int>();
        var timer = Sim.CreateTimer(probe.Ref, 7);
        var wall = System.Diagnostics.Stopwatch.StartNew();
        timer.Arm(delayNanos: 5_000_000_000);
        Assert.Equal(7, probe.ExpectMsg());
        Assert.Equal(5_000_000_000, Sim.Clock.NowNanos);
        Assert.True(wall.Elapsed < TimeSpan.FromSeconds(4), $"5 s of model time took {wall.Elapsed} of wall time");
    }

    [Fact]
    public void Timer_RearmedBeforeExpiry_FiresOnceAtTheNewTime()
    {
        var probe = CreateProbe<int>();
        var timer = Sim.CreateTimer(probe.Ref, 1);
        timer.Arm(1000);
        timer.Arm(3000);
        probe.ExpectMsg(m => m == 1);
        Assert.Equal(3000, Sim.Clock.NowNanos);
        probe.ExpectNoMsg();
    }

    [Fact]
    public void Timer_Cancelled_NeverFires()
    {
        var probe = CreateProbe<int>();
        var timer = Sim.CreateTimer(probe.Ref, 1);
        timer.Arm(1000);
        timer.Cancel();
        probe.ExpectNoMsg();
        Assert.True(Sim.IsQuiet);
    }

    [Fact]
    public void AkkaScheduler_RunsOnTheVirtualClock()
    {
        // Akka's own scheduler API (what IWithTimers and ScheduleTellOnce use) is the engine's virtual-time scheduler.
        var probe = CreateTestProbe();
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(10), probe.Ref, "late", Akka.Actor.ActorRefs.NoSender);
        Sim.RunUntil(() => probe.HasMessages);
        Assert.Equal("late", probe.ExpectMsg<string>(TimeSpan.Zero));
        Assert.Equal(10_000_000_000, Sim.Clock.NowNanos);
    }

    [Fact]
    public void EveryMessage_IsATurnOfItsOwn()
    {
        // One message per turn makes every message a scheduling point (Akka's mailbox alone would take throughput + 1).
        var seen = new List<int>();
        var sink = Sim.Spawn(new Props<int>(() => new Sink<int>(seen)).WithCpu(0), "sink");
        var a = Sim.Spawn(new Props<int>(() => new Forwarder<int>(sink)).WithCpu(0), "a");
        var b = Sim.Spawn(new Props<int>(() => new Forwarder<int>(sink)).WithCpu(1), "b");
        long before = Sim.DeterministicSteps;
        for (int i = 0; i < 10; i++)
        {
            a.Tell(i);
            b.Tell(i);
        }

        Assert.True(Sim.RunUntilQuiet());
        Assert.Equal(20, seen.Count);
        Assert.Equal(40, Sim.DeterministicSteps - before);
    }

    [Fact]
    public void WithinModelTime_MeasuresTheModelClock()
    {
        var probe = CreateProbe<int>();
        Sim.CreateTimer(probe.Ref, 1).Arm(2_000_000);
        int got = WithinModelTime(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(3), () => probe.ExpectMsg());
        Assert.Equal(1, got);
        Assert.Throws<Xunit.Sdk.XunitException>(() => WithinModelTime(TimeSpan.Zero, TimeSpan.FromMilliseconds(1), () =>
        {
            Sim.CreateTimer(probe.Ref, 2).Arm(5_000_000);
            return probe.ExpectMsg();
        }));
    }
}
