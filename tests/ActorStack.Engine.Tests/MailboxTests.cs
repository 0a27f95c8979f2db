using ActorStack.TestKit;

namespace ActorStack.Engine.Tests;

/// <summary>Mailboxes on Akka: order, bounded capacity with overflow accounting, boxes for struct messages.</summary>
public class MailboxTests : SimTestKit
{
    [Fact]
    public void Tell_ManyMessages_ArriveInSendOrder()
    {
        var probe = CreateProbe<int>();
        var forwarder = Sim.Spawn(new Props<int>(() => new Forwarder<int>(probe.Ref)).WithCpu(1), "fwd");
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
        var seen = new List<int>();
        var lifecycle = new CountingLifecycle();
        var sink = Sim.Spawn(new Props<int>(() => new Sink<int>(seen)).WithBoundedMailbox(3).WithLifecycle(lifecycle), "sink");
        for (int i = 0; i < 5; i++)
        {
            sink.Tell(i);
        }

        Sim.RunUntilQuiet();
        Assert.Equal([0, 1, 2], seen);
        Assert.Equal([3, 4], lifecycle.Overflowed);
        Assert.Equal(2, Sim.MailboxOverflowCount);
        Assert.Equal(0, Sim.InFlight);
        Assert.True(Sim.IsQuiet);
    }

    [Fact]
    public void StructMessages_TravelInRecycledBoxes()
    {
        // Akka boxes a struct on every Tell; the typed layer reuses boxes, so a steady flow allocates nothing.
        var seen = new List<int>(4096);
        var sink = Sim.Spawn(new Props<int>(() => new Sink<int>(seen)).WithCpu(0), "sink");
        for (int i = 0; i < 1000; i++)
        {
            sink.Tell(i);
            Sim.RunUntilQuiet();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            sink.Tell(i);
            Sim.RunUntilQuiet();
        }

        long perMessage = (GC.GetAllocatedBytesForCurrentThread() - before) / 1000;
        Assert.Equal(2000, seen.Count);
        Assert.True(perMessage < 8, $"{perMessage} B allocated per message");
    }

    [Fact]
    public void RawAkkaTell_ToAModelActor_IsHandled_AndLeavesTheInFlightCountExact()
    {
        // A message sent around the typed layer (through .Akka) was never counted as in flight, so handling it must
        // not uncount anything: the typed messages around it still keep the simulation from looking quiet.
        var seen = new List<int>();
        var sink = Sim.Spawn(new Props<int>(() => new Sink<int>(seen)).WithCpu(0), "sink");
        sink.Akka.Tell(7, Akka.Actor.ActorRefs.NoSender);
        sink.Tell(8);
        Sim.RunUntilQuiet();

        Assert.Equal([7, 8], seen);
        Assert.Equal(0, Sim.InFlight);
        Assert.True(Sim.IsQuiet);
    }
}
