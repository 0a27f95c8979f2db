using ActorStack.TestKit;
using Xunit.Sdk;

namespace ActorStack.Engine.Tests;

/// <summary>Typed probes: deterministic expectations drive the model; live ones wait.</summary>
public class TestProbeTests : SimTestKit
{
    [Fact]
    public void ExpectMsg_WhenNothingArrives_FailsOnceTheModelIsQuiet()
    {
        var probe = CreateProbe<int>();
        var error = Assert.Throws<XunitException>(() => probe.ExpectMsg());
        Assert.Contains("went quiet", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExpectMsg_WithFailingPredicate_Fails()
    {
        var probe = CreateProbe<int>();
        probe.Ref.Tell(5);
        Assert.Throws<XunitException>(() => probe.ExpectMsg(m => m == 6));
    }

    [Fact]
    public void ExpectNoMsg_WhenAMessageArrives_Fails()
    {
        var probe = CreateProbe<int>();
        Sim.CreateTimer(probe.Ref, 1).Arm(1_000_000);
        Assert.Throws<XunitException>(() => probe.ExpectNoMsg());
    }
}

/// <summary>Live mode: actors pinned to a CPU run on that CPU's thread.</summary>
public class LiveProbeTests : SimTestKit
{
    public LiveProbeTests()
        : base(new SimulationOptions { Mode = ExecutionMode.Live, CpuCount = 2 })
    {
    }

    [Fact]
    public void Live_CpuPinnedActors_RunOnTheirCpuThread()
    {
        var probe = CreateProbe<string>();
        var reporter = Sim.Spawn(new Props<string>(() => new ThreadReporter(probe.Ref)).WithCpu(1), "reporter");
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
