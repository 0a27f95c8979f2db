using ActorStack.Host;
using ActorStack.Protocols.Wire;
using ActorStack.Softirq;
using ActorStack.Softirq.Skb;
using ActorStack.Softirq.Snmp;

namespace ActorStack.Model.Tests;

public sealed class IpRoutingAndIcmpTests
{
    [Fact]
    public void UdpToClosedPort_SendsPortUnreachable_RateLimitedPerDestination()
    {
        using var host = new SimulatedHost(ScenarioRunner.Options("default", "traffic.packets=0"));
        var spec = host.SpecTo(6000);
        var frame = new byte[1514];
        for (int i = 0; i < 100; i++)
        {
            int n = FrameBuilder.WriteUdp(frame, spec, 32, (ushort)i);
            host.InjectFrame(frame.AsSpan(0, n));
        }

        host.System.RunUntilQuiet();
        var icmp = host.Stack.Snmp.Icmp;
        Assert.Equal(100, host.Stack.Snmp.Udp[UdpMibField.NoPorts]);
        Assert.Equal(100, host.Stack.Ledger.Dropped(SkbDropReason.NoSocket));
        // One destination: the per-host bucket (icmp_ratelimit 1 s, burst 6) lets 6 through.
        Assert.Equal(6, icmp[IcmpMibField.OutDestUnreachs]);
        Assert.Equal(6, icmp[IcmpMibField.OutMsgs]);
        Assert.Equal(94, icmp[IcmpMibField.OutRateLimitHost]);
        Assert.Equal(6, host.Stack.Snmp.IcmpOutTypes[3]);
        Assert.Contains("IcmpMsg: OutType3\nIcmpMsg: 6\n", host.Stack.Snmp.FormatSnmp(), StringComparison.Ordinal);
    }

    [Fact]
    public void NotLocal_WithIpForward_IsForwardedWithTtlDecremented()
    {
        var result = ScenarioRunner.Run("default", "traffic.packets=500", "traffic.dst=10.0.2.9", "net.ipv4.ip_forward=on");
        var ip = SnmpText.Counters(result.Snmp, "Ip");
        Assert.Equal(1, ip["Forwarding"]);
        Assert.Equal(500, ip["ForwDatagrams"]);
        Assert.Equal(500, ip["OutTransmits"]);
        Assert.Equal(0, ip["InDelivers"]);
        Assert.Equal(500, result.Conservation.Forwarded);
        Assert.True(result.Conservation.Holds, result.Conservation.ToString());
    }

    [Fact]
    public void NotLocal_WithoutIpForward_CountsInAddrErrors()
    {
        var result = ScenarioRunner.Run("default", "traffic.packets=200", "traffic.dst=10.0.2.9");
        Assert.Equal(200, SnmpText.Counters(result.Snmp, "Ip")["InAddrErrors"]);
        Assert.Equal(200, result.Drops.Single(d => d.Reason == SkbDropReason.IpInaddrerrors).Count);
        Assert.Equal(2, SnmpText.Counters(result.Snmp, "Ip")["Forwarding"]);
    }

    [Fact]
    public void ForwardedTtlExpiry_CountsInHdrErrors_AndSendsTimeExceeded()
    {
        var result = ScenarioRunner.Run("default", "traffic.packets=200", "traffic.dst=10.0.2.9", "net.ipv4.ip_forward=on", "traffic.ttl=1");
        Assert.Equal(200, SnmpText.Counters(result.Snmp, "Ip")["InHdrErrors"]);
        Assert.Equal(0, SnmpText.Counters(result.Snmp, "Ip")["ForwDatagrams"]);
        Assert.Equal(200, result.Drops.Single(d => d.Reason == SkbDropReason.IpInhdr).Count);
        Assert.True(SnmpText.Counters(result.Snmp, "Icmp")["OutTimeExcds"] >= 6);
        Assert.True(result.Conservation.Holds);
    }

    [Fact]
    public void ForwardChainDrop_DropsWithNetfilterDrop()
    {
        var result = ScenarioRunner.Run("default", "traffic.packets=300", "traffic.dst=10.0.2.9", "net.ipv4.ip_forward=on",
            "netfilter.rules=-A FORWARD -p udp --dport 5001 -j DROP");
        Assert.Equal(150, result.Drops.Single(d => d.Reason == SkbDropReason.NetfilterDrop).Count);
        Assert.Equal(150, SnmpText.Counters(result.Snmp, "Ip")["ForwDatagrams"]);
        Assert.Contains("Chain FORWARD", result.Iptables, StringComparison.Ordinal);
    }

    [Fact]
    public void ArpAndIpv6Frames_AreCountedAndConsumed_NotUnhandled()
    {
        using var host = new SimulatedHost(ScenarioRunner.Options("default", "traffic.packets=0"));
        var frame = new byte[60];
        host.Device.Core.MacAddress.CopyTo(frame);
        frame[12] = 0x08;
        frame[13] = 0x06;
        host.InjectFrame(frame);
        frame[12] = 0x86;
        frame[13] = 0xdd;
        host.InjectFrame(frame);
        frame[12] = 0x88;
        frame[13] = 0xb5;
        host.InjectFrame(frame);
        host.System.RunUntilQuiet();

        var ledger = host.Stack.Ledger;
        Assert.Equal(1, ledger.Ended(KernelEnd.Arp));
        Assert.Equal(1, ledger.Ended(KernelEnd.Ipv6));
        Assert.Equal(1, ledger.Dropped(SkbDropReason.UnhandledProto));
        Assert.True(ledger.Conservation(host.StillQueued).Holds);
    }
}
