using ActorStack.Host;
using ActorStack.Protocols.Netfilter;
using ActorStack.Softirq.Skb;

namespace ActorStack.Model.Tests;

/// <summary>The filter table at NF_INET_PRE_ROUTING and NF_INET_LOCAL_IN: first match wins, drops are NETFILTER_DROP.</summary>
public class NetfilterTests
{
    // 4 flows round-robin over 2 sockets: flows 1 and 3 (sports 40001, 40003) go to port 5001.
    private static RunResult Run(params string[] rules) =>
        ScenarioRunner.Run("default", "traffic.packets=1000", "netfilter.rules=" + string.Join(';', rules));

    [Fact]
    public void InputDrop_OnOnePort_DropsExactlyThatSocketsDatagramsWithNetfilterDrop()
    {
        var result = Run("-A INPUT -p udp --dport 5001 -j DROP");
        Assert.Equal(500, result.Drops.Single(d => d.Reason == SkbDropReason.NetfilterDrop).Count);
        Assert.Equal(500, result.Conservation.Delivered);
        var c = result.Counters;
        // ip_rcv counted them all; only the accepted reached L4.
        Assert.Equal((1000L, 500L, 500L, 0L), (c.IpInReceives, c.IpInDelivers, c.UdpInDatagrams, c.UdpNoPorts));
        Assert.Contains("Chain INPUT (policy ACCEPT 500 packets, 46000 bytes)", result.Iptables, StringComparison.Ordinal);
        Assert.Contains("     500      46000 DROP       udp  --  *      *       0.0.0.0/0            0.0.0.0/0            udp dpt:5001", result.Iptables, StringComparison.Ordinal);
        Assert.Equal(0, result.Sockets.Single(s => s.Local.EndsWith(":5001", StringComparison.Ordinal)).Read);
    }

    [Fact]
    public void PreroutingDrop_BySourcePrefix_DropsBeforeRoutingAndDelivery()
    {
        var result = Run("-t raw -A PREROUTING -s 10.0.1.0/24 -j DROP");
        Assert.Equal(1000, result.Drops.Single(d => d.Reason == SkbDropReason.NetfilterDrop).Count);
        Assert.Equal((1000L, 0L, 0L), (result.Counters.IpInReceives, result.Counters.IpInDelivers, result.Counters.IpInAddrErrors));
        Assert.Contains("Chain INPUT (policy ACCEPT 0 packets, 0 bytes)", result.Iptables, StringComparison.Ordinal);
        // PREROUTING is the raw table's, listed by iptables -t raw -L; the filter table has none.
        Assert.DoesNotContain("PREROUTING", result.Iptables, StringComparison.Ordinal);
        Assert.Contains("Chain PREROUTING (policy ACCEPT 0 packets, 0 bytes)", result.IptablesRaw, StringComparison.Ordinal);
        Assert.Contains("iptables -t raw -L -v -n -x:", result.Format(), StringComparison.Ordinal);
    }

    [Fact]
    public void FirstMatchWins_AcceptBeforeDrop()
    {
        var result = Run("-A INPUT -p udp --sport 40001 -j ACCEPT", "-A INPUT -p udp --dport 5001 -j DROP");
        // Flow 1 (sport 40001) is accepted by the first rule; flow 3 hits the DROP.
        Assert.Equal(250, result.Drops.Single(d => d.Reason == SkbDropReason.NetfilterDrop).Count);
        var table = result.Iptables.Split('\n');
        Assert.StartsWith("     250      23000 ACCEPT", table.Single(l => l.Contains("spt:40001", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.StartsWith("     250      23000 DROP", table.Single(l => l.Contains("dpt:5001", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-A OUTPUT -j DROP", "no chain OUTPUT on the receive path")]
    [InlineData("-A PREROUTING -s 10.0.1.0/24 -j DROP", "the filter table has no PREROUTING chain")]
    [InlineData("-t raw -A INPUT -j DROP", "the raw table has no INPUT chain on the receive path")]
    [InlineData("-t nat -A PREROUTING -j DROP", "table nat is not modelled")]
    [InlineData("-A INPUT --dport 53 -j DROP", "--sport/--dport need -p tcp or -p udp")]
    [InlineData("-A INPUT -s 10.0.0/8 -j DROP", "10.0.0/8 is not ADDR or ADDR/LEN")]
    [InlineData("-A INPUT -p udp -j REJECT", "target REJECT is not modelled")]
    [InlineData("-A INPUT -p udp", "-A CHAIN and -j TARGET are required")]
    public void BadRule_IsAnErrorNamingTheRule(string rule, string message)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => CommandLine.Parse(["--set", "netfilter.rules=" + rule]));
        Assert.Contains($"netfilter rule '{rule}': {message}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RulesInAScenarioFile_AreAppliedInOrder()
    {
        string path = Path.Combine(Path.GetTempPath(), $"nf-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "netfilter:\n  rules:\n    - -t raw -A PREROUTING -p icmp -j DROP\n    - -A INPUT -p udp -d 10.0.0.1/32 --dport 5000 -j DROP\n");
        try
        {
            var options = CommandLine.Parse(["--scenario", path]).Options;
            var table = new NfTable(options.NetfilterRules);
            Assert.Single(table.Chain(NfHook.PreRouting));
            Assert.Equal((ushort)5000, table.Chain(NfHook.LocalIn).Single().DestinationPort);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
