using ActorStack.Host;
using ActorStack.Softirq.Skb;
using ActorStack.Softirq.Snmp;

namespace ActorStack.Model.Tests;

/// <summary>The software devices' receive path: the sender's CPU does the receive work, and refused skbs are counted where Linux counts them.</summary>
public sealed class DriverPathTests
{
    [Fact]
    public void Veth_BacklogFullOnTheRpsCpu_CountedOnThatCpuTheReceiverAndTheSendingSide()
    {
        // A receiving CPU slower than the sender (udp_rcv 20 µs) fills its backlog of 10: enqueue_to_backlog() refuses,
        // softnet dropped and veth1 rx_dropped count it, veth_xmit() counts the sender's TX drop, and the sender's
        // udp_send_skb() turns NET_XMIT_DROP into SndbufErrors (kernel-reference 17.4).
        using var host = new SimulatedHost(ScenarioRunner.Options("default",
            "driver.kind=veth", "sockets=1", "traffic.flows=1", "traffic.packets=2000", "traffic.rate=100000000",
            "net.core.netdev_max_backlog=10", "queues.rps_cpus=2", "cost.udp_rcv=20000", "app.read=off",
            "net.core.rmem_max=67108864", "socket.rcvbuf=33554432"));
        var result = host.Run();

        long dropped = host.Stack.Softnet[1].Dropped;
        Assert.True(dropped > 0);
        Assert.Equal(0, host.Stack.Softnet[0].Dropped);
        Assert.Equal(dropped, host.Device.Core.RxDropped);
        Assert.Equal(dropped, host.LocalXmit!.Refused);
        Assert.Equal(dropped, host.LocalXmit.PeerSndbufErrors);
        Assert.Equal(2000 - dropped, host.LocalXmit.PeerOutDatagrams);
        Assert.Equal(dropped, result.Drops.Single(d => d.Reason == SkbDropReason.CpuBacklog).Count);
        // The receiving namespace's Udp counters know nothing of the sender's.
        Assert.Equal(0, host.Stack.Snmp.Udp[UdpMibField.SndbufErrors]);
        Assert.True(result.Conservation.Holds);
    }

    [Fact]
    public void Loopback_BacklogFull_TheSenderNeverLearnsOfIt()
    {
        // loopback_xmit() ignores __netif_rx()'s answer: every datagram counts as sent (OutDatagrams), the drop shows
        // only in softnet and lo's rx_dropped.
        using var host = new SimulatedHost(ScenarioRunner.Options("default",
            "driver.kind=loopback", "sockets=1", "traffic.flows=1", "traffic.packets=2000", "traffic.rate=100000000",
            "net.core.netdev_max_backlog=10", "queues.rps_cpus=2", "cost.udp_rcv=20000", "app.read=off"));
        host.Run();

        long dropped = host.Stack.Softnet[1].Dropped;
        Assert.True(dropped > 0);
        Assert.Equal(dropped, host.Device.Core.RxDropped);
        Assert.Equal(2000, host.Stack.Snmp.Udp[UdpMibField.OutDatagrams]);
        Assert.Equal(0, host.Stack.Snmp.Udp[UdpMibField.SndbufErrors]);
        Assert.Equal(0, host.Device.Core.PeerTxDropped);
    }

    [Fact]
    public void Veth_WithoutRps_TheSendersCpuRunsTheReceiveSoftirq()
    {
        using var host = new SimulatedHost(ScenarioRunner.Options("default",
            "driver.kind=veth", "traffic.sender_cpu=1", "sockets=1", "traffic.flows=1", "traffic.packets=500", "app.read=off"));
        var result = host.Run();

        Assert.Equal(500, host.Stack.Softnet[1].Processed);
        Assert.Equal(0, host.Stack.Softnet[0].Processed);
        // No NIC: no interrupt lines, veth's own ethtool names.
        Assert.DoesNotContain("TxRx", result.Interrupts, StringComparison.Ordinal);
        Assert.Contains("peer_ifindex", result.EthtoolStats, StringComparison.Ordinal);
        Assert.Contains("driver: veth", result.DriverInfo, StringComparison.Ordinal);
        Assert.True(result.Cpus[1].Sys > 0);
    }

    [Theory]
    [InlineData("ethtool.rx=1024", "ethtool.rx")]
    [InlineData("ethtool.rx-usecs=50", "ethtool.rx-usecs")]
    [InlineData("irq.affinity=1", "irq.affinity")]
    [InlineData("ethtool.combined=2", "ethtool.combined")]
    public void Veth_WithANicOnlySetting_IsRefusedNamingTheKey(string setting, string key)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => ScenarioRunner.Options("default", "driver.kind=veth", setting).Validate());

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DriverKind_Unknown_IsRefusedNamingTheKey()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => ScenarioRunner.Options("default", "driver.kind=e1000"));

        Assert.Contains("driver.kind", error.Message, StringComparison.Ordinal);
    }
}
