using ActorStack.TestKit;
using Akka.Actor;

namespace ActorStack.Engine.Tests;

/// <summary>Supervision through Akka (the root actor applies each model actor's rule); what messages carried is accounted.</summary>
public class SupervisionTests : SimTestKit
{
    [Fact]
    public void Restart_AfterAFault_ReportsItAndContinuesWithAFreshInstance()
    {
        var probe = CreateProbe<int>();
        var lifecycle = new CountingLifecycle();
        int created = 0;
        int preRestarts = 0;
        var faults = new List<ActorFault>();
        Sim.Faulted += faults.Add;
        var actor = Sim.Spawn(
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
        Assert.Equal(Directive.Restart, faults[0].Directive);
        Assert.Equal(1, Sim.FaultCount);
        Assert.Equal(0, Sim.InFlight);
    }

    [Fact]
    public void Stop_AfterAFault_TurnsLaterMessagesIntoDeadLetters()
    {
        var probe = CreateProbe<int>();
        var lifecycle = new CountingLifecycle();
        var actor = Sim.Spawn(
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
        // 2 was in the mailbox when the actor stopped, 3 was told afterwards: both reach Akka's dead letters.
        Assert.Equal([2, 3], lifecycle.DeadLetters);
        Assert.Equal(2, Sim.DeadLetterCount);
        Assert.Equal(0, Sim.InFlight);
        Assert.True(Sim.IsQuiet);
    }

    [Fact]
    public void Restart_BeyondMaxRestarts_Stops()
    {
        var probe = CreateProbe<int>();
        var actor = Sim.Spawn(
            new Props<int>(() => new Faulty(probe.Ref, poison: 9, () => { }, () => { }))
                .WithSupervisor(new Supervision(Directive.Restart, maxRestarts: 2)),
            "faulty");
        for (int i = 0; i < 3; i++)
        {
            actor.Tell(9);
        }

        Sim.RunUntilQuiet();
        Assert.True(actor.IsStopped);
        Assert.Equal(3, Sim.FaultCount);
    }

    [Fact]
    public void Resume_KeepsTheInstanceAndItsState()
    {
        var probe = CreateProbe<int>();
        int created = 0;
        var actor = Sim.Spawn(
            new Props<int>(() => new Faulty(probe.Ref, poison: 5, () => created++, () => { })).WithSupervisor(Supervision.Resume),
            "faulty");
        actor.Tell(5);
        actor.Tell(6);
        Assert.Equal(6, probe.ExpectMsg());
        Assert.Equal(1, created);
    }

    [Fact]
    public void Escalate_IsRefusedForModelActors() =>
        Assert.Throws<ArgumentException>(() => new Supervision(Directive.Escalate));

    [Fact]
    public void Dispose_WithMessagesWaiting_DeadLettersThemOnTheDriver_OneEach()
    {
        var seen = new List<int>();
        var lifecycle = new CountingLifecycle();
        var sink = Sim.Spawn(new Props<int>(() => new Sink<int>(seen)).WithCpu(0).WithLifecycle(lifecycle), "sink");
        for (int i = 0; i < 3; i++)
        {
            sink.Tell(i);
        }

        Sim.Dispose();
        Assert.Empty(seen);
        Assert.Equal([0, 1, 2], lifecycle.DeadLetters);
        Assert.Equal(0, Sim.InFlight);
    }
}
