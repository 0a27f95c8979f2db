using ActorStack.TestKit;

namespace ActorStack.Engine.Tests;

/// <summary>
/// Closed message hierarchies whose per-packet cases are recycled: the typed layer returns a case to its pool once the
/// receiver handled it, so a steady flow of class messages allocates nothing.
/// </summary>
public class RecycledMessageTests : SimTestKit
{
    [Fact]
    public void RecycledMessage_AfterItsReceiverHandledIt_IsTheNextOneRented()
    {
        var total = new long[1];
        var counter = Sim.Spawn(new Props<ICounterMsg>(() => new Counter(total)).WithCpu(0), "counter");
        var first = ICounterMsg.Add.Of(1);
        counter.Tell(first);
        Sim.RunUntilQuiet();

        var second = ICounterMsg.Add.Of(2);
        Assert.Same(first, second);
        Assert.Equal(2, second.Value);
        counter.Tell(second);
        Sim.RunUntilQuiet();
        Assert.Equal(3, total[0]);
    }

    [Fact]
    public void RecycledMessages_SteadyFlow_AllocateNothing()
    {
        var total = new long[1];
        var counter = Sim.Spawn(new Props<ICounterMsg>(() => new Counter(total)).WithCpu(0), "counter");
        for (int i = 0; i < 1000; i++)
        {
            counter.Tell(ICounterMsg.Add.Of(1));
            counter.Tell(ICounterMsg.Reset.Instance);
            Sim.RunUntilQuiet();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            counter.Tell(ICounterMsg.Add.Of(i));
            Sim.RunUntilQuiet();
        }

        long perMessage = (GC.GetAllocatedBytesForCurrentThread() - before) / 1000;
        Assert.Equal(999L * 1000 / 2, total[0]);
        Assert.True(perMessage < 8, $"{perMessage} B allocated per message");
    }

    [Fact]
    public void RecycledMessage_ToldTwice_FaultsTheSecondReceiverInsteadOfCorruptingThePool()
    {
        var total = new long[1];
        var counter = Sim.Spawn(new Props<ICounterMsg>(() => new Counter(total)).WithCpu(0), "counter");
        var faults = new List<ActorFault>();
        Sim.Faulted += faults.Add;
        var message = ICounterMsg.Add.Of(5);
        counter.Tell(message);
        counter.Tell(message);
        Sim.RunUntilQuiet();

        Assert.Equal(1, Sim.FaultCount);
        Assert.Contains("recycled twice", faults.Single().Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateTimer_WithARecycledMessage_IsRefused()
    {
        var counter = Sim.Spawn(new Props<ICounterMsg>(() => new Counter(new long[1])).WithCpu(0), "counter");
        var error = Assert.Throws<ArgumentException>(() => Sim.CreateTimer<ICounterMsg>(counter, ICounterMsg.Add.Of(1)));
        Assert.Contains("recycled", error.Message, StringComparison.Ordinal);
        Sim.CreateTimer(counter, ICounterMsg.Reset.Instance).Arm(1_000);
        Sim.RunUntilQuiet();
    }

    /// <summary>A closed hierarchy: a recycled per-packet case (on the engine's <see cref="RecycledMessage{TSelf}"/>) and a singleton.</summary>
    private interface ICounterMsg
    {
        public sealed class Add : RecycledMessage<Add>, ICounterMsg
        {
            private Add()
            {
            }

            public long Value { get; private set; }

            public static Add Of(long value)
            {
                var message = Rent();
                message.Value = value;
                return message;
            }
        }

        public sealed class Reset : ICounterMsg
        {
            private Reset()
            {
            }

            public static Reset Instance { get; } = new();
        }
    }

    private sealed class Counter(long[] total) : Actor<ICounterMsg>
    {
        protected override void Receive(ICounterMsg message)
        {
            switch (message)
            {
                case ICounterMsg.Add add:
                    total[0] += add.Value;
                    break;
                case ICounterMsg.Reset:
                    total[0] = 0;
                    break;
            }
        }
    }
}
