using ActorStack.Engine.TestKit;

namespace ActorStack.Engine.Tests;

public class TestProbeTests
{
    [Fact]
    public void ExpectMsg_WhenNothingArrives_FailsOnceTheSystemIsQuiet()
    {
        using var system = Simulation.CreateDeterministic(cpuCount: 1, seed: 1);
        var probe = new TestProbe<int>(system);
        var error = Assert.Throws<TestKitException>(() => probe.ExpectMsg());
        Assert.Contains("went quiet", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExpectMsg_WithFailingPredicate_Fails()
    {
        using var system = Simulation.CreateDeterministic(cpuCount: 1, seed: 1);
        var probe = new TestProbe<int>(system);
        probe.Ref.Tell(5);
        Assert.Throws<TestKitException>(() => probe.ExpectMsg(m => m == 6));
    }

    [Fact]
    public void ExpectNoMsg_WhenAMessageArrives_Fails()
    {
        using var system = Simulation.CreateDeterministic(cpuCount: 1, seed: 1);
        var probe = new TestProbe<int>(system);
        system.CreateTimer(probe.Ref, 1).Arm(1_000_000);
        Assert.Throws<TestKitException>(() => probe.ExpectNoMsg());
    }

    [Fact]
    public void Live_CpuPinnedActors_RunOnTheirCpuThread()
    {
        using var system = Simulation.CreateLive(cpuCount: 2);
        var probe = new TestProbe<string>(system);
        var reporter = system.Spawn(new Props<string>(() => new ThreadReporter(probe.Ref)).WithCpu(1), "reporter");
        for (int i = 0; i < 10; i++)
        {
            reporter.Tell("where");
        }

        Assert.All(probe.ReceiveN(10), thread => Assert.Equal("cpu1", thread));
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    private sealed class ThreadReporter(ActorRef<string> target) : Actor<string>
    {
        protected override void Receive(string message) => target.Tell(Thread.CurrentThread.Name ?? "?");
    }
}
