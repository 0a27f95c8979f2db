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
        var counter = Sim.Spawn(new Props<CounterMsg>(() => new Counter(total)).WithCpu(0), "counter");
        var first = CounterMsg.Add.Of(1);
        counter.Tell(first);
        Sim.RunUntilQuiet();

        var second = CounterMsg.Add.Of(2);
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
        var counter = Sim.Spawn(new Props<CounterMsg>(() => new Counter(total)).WithCpu(0), "counter");
        for (int i = 0; i < 1000; i++)
        {
            counter.Tell(CounterMsg.Add.Of(1));
            counter.Tell(CounterMsg.Reset.Instance);
            Sim.RunUntilQuiet();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            counter.Tell(CounterMsg.Add.Of(i));
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
        var counter = Sim.Spawn(new Props<CounterMsg>(() => new Counter(total)).WithCpu(0), "counter");
        var faults = new List<ActorFault>();
        Sim.Faulted += faults.Add;
        var message = CounterMsg.Add.Of(5);
        counter.Tell(message);
        counter.Tell(message);
        Sim.RunUntilQuiet();

        Assert.Equal(1, Sim.FaultCount);
        Assert.Contains("recycled twice", faults.Single().Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateTimer_WithARecycledMessage_IsRefused()
    {
        var counter = Sim.Spawn(new Props<CounterMsg>(() => new Counter(new long[1])).WithCpu(0), "counter");
        var error = Assert.Throws<ArgumentException>(() => Sim.CreateTimer<CounterMsg>(counter, CounterMsg.Add.Of(1)));
        Assert.Contains("recycled", error.Message, StringComparison.Ordinal);
        Sim.CreateTimer(counter, CounterMsg.Reset.Instance).Arm(1_000);
        Sim.RunUntilQuiet();
    }

    /// <summary>A closed hierarchy: a recycled per-packet case and a singleton.</summary>
    private abstract class CounterMsg
    {
        private CounterMsg()
        {
        }

        public sealed class Add : CounterMsg, IRecycledMessage
        {
            private static readonly MessagePool<Add> Pool = new(() => new Add());
            private bool _inUse;

            private Add()
            {
            }

            public long Value { get; private set; }

            public static Add Of(long value)
            {
                var message = Pool.Rent();
                message.Value = value;
                message._inUse = true;
                return message;
            }

            void IRecycledMessage.Recycle()
            {
                if (!_inUse)
                {
                    throw new InvalidOperationException("Add was recycled twice.");
                }

                _inUse = false;
                Pool.Return(this);
            }
        }

        public sealed class Reset : CounterMsg
        {
            private Reset()
            {
            }

            public static Reset Instance { get; } = new();
        }
    }

    private sealed class Counter(long[] total) : Actor<CounterMsg>
    {
        protected override void Receive(CounterMsg message)
        {
            switch (message)
            {
                case CounterMsg.Add add:
                    total[0] += add.Value;
                    break;
                case CounterMsg.Reset:
                    total[0] = 0;
                    break;
            }
        }
    }
}
