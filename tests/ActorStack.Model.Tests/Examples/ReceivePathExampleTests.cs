using ActorStack.Softirq;
using ActorStack.Softirq.Skb;
using ActorStack.TestKit;

namespace ActorStack.Model.Tests.Examples;

// The shipped "default" scenario: 2 CPUs, one RX queue, UDP sockets on ports 5000 and 5001 with a reader each.
// HostTestKit boots it on the deterministic engine with its own traffic off; the test puts datagrams on the wire.
public class ReceivePathExampleTests : HostTestKit
{
    public ReceivePathExampleTests()
        : base("default", "ethtool.rx-usecs=20")
    {
    }

    [Fact]
    public void OneFlow_ArrivesInOrder_ThenAClosedPortDropsWithNoSocket()
    {
        for (int seq = 0; seq < 3; seq++)
        {
            SendUdp(port: 5000, flow: 1, sequence: seq);
        }

        var first = ExpectDelivered(port: 5000, flow: 1, sequence: 0);
        ExpectDelivered(port: 5000, flow: 1, sequence: 1);
        var last = ExpectDelivered(port: 5000, flow: 1, sequence: 2);
        Assert.True(last.AtNanos > first.AtNanos);

        SendUdp(port: 6000, flow: 2, sequence: 0);
        var drop = ExpectDropped(SkbDropReason.NoSocket);
        Assert.Equal(6000, drop.DestinationPort);

        ExpectNoMorePackets();
        AssertConservation();
    }
}

// The shipped "rps" scenario with a tiny backlog: CPU 0 steers one flow to another CPU's backlog, which holds 4.
public class BacklogDropExampleTests : HostTestKit
{
    public BacklogDropExampleTests()
        : base("rps", "net.core.netdev_max_backlog=4")
    {
    }

    [Fact]
    public void ABurstPastTheBacklog_DropsWithCpuBacklog_AndWhatIsDeliveredStaysInOrder()
    {
        for (int seq = 0; seq < 32; seq++)
        {
            SendUdp(port: 5000, flow: 7, sequence: seq);
        }

        Sim.RunUntilQuiet();
        var events = Packets.DrainReceived();

        var delivered = events.Where(e => e.Kind == PacketEventKind.Delivered).Select(e => e.Sequence).ToList();
        var drops = events.Where(e => e.Kind == PacketEventKind.Dropped).ToList();
        Assert.NotEmpty(drops);
        Assert.All(drops, d => Assert.Equal(SkbDropReason.CpuBacklog, d.Reason));
        Assert.Equal(32, delivered.Count + drops.Count);
        Assert.Equal(delivered.Order(), delivered);
        AssertConservation();
    }
}
