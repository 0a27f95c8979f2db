using ActorStack.Engine.TestKit;

namespace ActorStack.Engine.Tests;

public class MailboxTests
{
    [Fact]
    public void Tell_ManyMessages_ArriveInSendOrder()
    {
        using var system = Simulation.CreateDeterministic(cpuCount: 2, seed: 3);
        var probe = new TestProbe<int>(system);
        var forwarder = system.Spawn(new Props<int>(() => new Forwarder<int>(probe.Ref)).WithCpu(1), "fwd");
        for (int i = 0; i < 100; i++)
        {
            forwarder.Tell(i);
        }

        var received = probe.ReceiveN(100);
        Assert.Equal(Enumerable.Range(0, 100), received);
        probe.ExpectNoMsg();
    }

    [Fact]
    public void BoundedMailbox_WhenFull_ReportsEveryOverflow()
    {
        using var system = Simulation.CreateDeterministic(cpuCount: 1, seed: 1);
        var seen = new List<int>();
        var lifecycle = new CountingLifecycle();
        var sink = system.Spawn(new Props<int>(() => new Sink<int>(seen)).WithBoundedMailbox(3).WithLifecycle(lifecycle), "sink");
        for (int i = 0; i < 5; i++)
        {
            sink.Tell(i);
        }

        system.RunUntilQuiet();
        Assert.Equal([0, 1, 2], seen);
        Assert.Equal([3, 4], lifecycle.Overflowed);
        Assert.Equal(2, system.MailboxOverflowCount);
        Assert.True(system.IsQuiet);
    }

    private static long StepsWithThroughput(int throughput)
    {
        using var system = Simulation.Create(new SimulationOptions { Mode = ExecutionMode.Deterministic, CpuCount = 1, Seed = 5, DeterministicThroughput = throughput });
        var seen = new List<int>();
        var sink = system.Spawn(new Props<int>(() => new Sink<int>(seen)), "sink");
        var a = system.Spawn(new Props<int>(() => new Forwarder<int>(sink)).WithCpu(0), "a");
        var b = system.Spawn(new Props<int>(() => new Forwarder<int>(sink)).WithCpu(0), "b");
        for (int i = 0; i < 10; i++)
        {
            a.Tell(i);
            b.Tell(i);
        }

        system.RunUntilQuiet();
        Assert.Equal(20, seen.Count);
        return system.DeterministicSteps;
    }

    [Fact]
    public void Throughput_CapsMessagesPerTurn()
    {
        // 40 messages in all: with 2 per turn at least 20 turns are needed; with 100 per turn a handful do.
        Assert.True(StepsWithThroughput(2) >= 20);
        Assert.True(StepsWithThroughput(100) < 10);
    }
}
