using ActorStack.Engine.TestKit;

namespace ActorStack.Engine.Tests;

public class SupervisionTests
{
    [Fact]
    public void Restart_AfterAFault_ReportsItAndContinuesWithAFreshInstance()
    {
        using var system = Simulation.CreateDeterministic(cpuCount: 1, seed: 1);
        var probe = new TestProbe<int>(system);
        var lifecycle = new CountingLifecycle();
        int created = 0;
        int preRestarts = 0;
        var faults = new List<ActorFault>();
        system.Faulted += faults.Add;
        var actor = system.Spawn(
            new Props<int>(() => new Faulty(probe.Ref, poison: 2, () => created++, () => preRestarts++)).WithLifecycle(lifecycle),
            "faulty");
        for (int i = 1; i <= 3; i++)
        {
            actor.Tell(i);
        }

        Assert.Equal(1, probe.ExpectMsg());
        Assert.Equal(3, probe.ExpectMsg());
        probe.ExpectNoMsg();
        Assert.Equal(2, created);
        Assert.Equal(1, preRestarts);
        Assert.Equal([2], lifecycle.Faulted);
        Assert.Single(faults);
        Assert.Equal(SupervisorDirective.Restart, faults[0].Directive);
        Assert.Equal(1, system.FaultCount);
    }

    [Fact]
    public void Stop_AfterAFault_TurnsLaterMessagesIntoDeadLetters()
    {
        using var system = Simulation.CreateDeterministic(cpuCount: 1, seed: 1);
        var probe = new TestProbe<int>(system);
        var lifecycle = new CountingLifecycle();
        var actor = system.Spawn(
            new Props<int>(() => new Faulty(probe.Ref, poison: 1, () => { }, () => { }))
                .WithLifecycle(lifecycle)
                .WithSupervisor(Supervision.Stop),
            "faulty");
        actor.Tell(1);
        actor.Tell(2);
        probe.ExpectNoMsg();
        actor.Tell(3);
        Assert.True(actor.IsStopped);
        Assert.Equal([1], lifecycle.Faulted);
        Assert.Equal([2, 3], lifecycle.DeadLetters);
        Assert.Equal(2, system.DeadLetterCount);
        Assert.True(system.IsQuiet);
    }

    [Fact]
    public void Restart_BeyondMaxRestarts_Stops()
    {
        using var system = Simulation.CreateDeterministic(cpuCount: 1, seed: 1);
        var probe = new TestProbe<int>(system);
        var actor = system.Spawn(
            new Props<int>(() => new Faulty(probe.Ref, poison: 9, () => { }, () => { }))
                .WithSupervisor(new SupervisorStrategy(SupervisorDirective.Restart, MaxRestarts: 2)),
            "faulty");
        for (int i = 0; i < 3; i++)
        {
            actor.Tell(9);
        }

        system.RunUntilQuiet();
        Assert.True(actor.IsStopped);
        Assert.Equal(3, system.FaultCount);
    }
}
