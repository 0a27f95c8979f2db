using ActorStack.Engine;
using ActorStack.Host;
using ActorStack.Protocols.Udp;
using ActorStack.Sockets;

namespace ActorStack.Model.Tests;

/// <summary>SO_REUSEPORT groups: a flow hashes to one member, the group shares the flows.</summary>
public class ReusePortTests
{
    [Fact]
    public void ReusePortGroup_EachFlowReachesOneSocket_AllSocketsShareTheLoad()
    {
        var options = ScenarioRunner.Options("default", "cpus=4", "sockets=4", "traffic.flows=64", "socket.reuseport=on", "traffic.packets=6400", "app.cpus=0,1,2,3");
        using var host = new SimulatedHost(options);
        var result = host.Run();
        Assert.True(result.Conservation.Holds);
        Assert.Equal(6400, result.Conservation.Delivered);
        Assert.Equal(0, result.OutOfOrder);
        Assert.All(result.Sockets, s => Assert.Equal("10.0.0.1:5000", s.Local));
        Assert.All(result.Sockets, s => Assert.InRange(s.Read, 800, 2800));
        // Every flow was seen by exactly one reader: the hash never splits a flow across the group.
        var seenBy = Enumerable.Range(0, 64).Select(f => host.Sockets.Count(s => s.Thread.LastSequenceOf(f) >= 0)).ToArray();
        Assert.All(seenBy, n => Assert.Equal(1, n));
        Assert.All(host.Sockets, s => Assert.Equal(s.Reader.Datagrams, Enumerable.Range(0, 64).Where(f => s.Thread.LastSequenceOf(f) >= 0).Sum(f => s.Thread.LastSequenceOf(f) + 1)));
    }

    [Fact]
    public void Bind_SameAddressWithoutReusePortOnBoth_IsEaddrinuse()
    {
        using var system = Simulation.CreateDeterministic(1, 1);
        var probe = ActorStack.TestKit.TypedProbe<IUdpSockMsg>.Create(system, "sock");
        var table = new UdpTable();
        var local = new Endpoint(Endpoint.ParseAddress("10.0.0.1"), 5000);
        table.Bind(local, probe.Ref, reusePort: true);
        Assert.Contains("EADDRINUSE", Assert.Throws<InvalidOperationException>(() => table.Bind(local, probe.Ref)).Message, StringComparison.Ordinal);
        table.Bind(local, probe.Ref, reusePort: true);
        Assert.Equal(2, table.CountBound(local));
        var plain = new Endpoint(Endpoint.ParseAddress("10.0.0.1"), 5001);
        table.Bind(plain, probe.Ref);
        Assert.Throws<InvalidOperationException>(() => table.Bind(plain, probe.Ref, reusePort: true));
    }

    [Fact]
    public void Jhash3Words_MixesEveryInputBit()
    {
        uint baseline = Jhash.Words3(0x0a000001, 0x0a000102, (5000u << 16) | 40000, 0);
        Assert.Equal(baseline, Jhash.Words3(0x0a000001, 0x0a000102, (5000u << 16) | 40000, 0));
        for (int bit = 0; bit < 32; bit++)
        {
            // Flipping any one input bit changes about half the output bits (avalanche).
            uint flipped = Jhash.Words3(0x0a000001, 0x0a000102 ^ (1u << bit), (5000u << 16) | 40000, 0);
            Assert.InRange(System.Numerics.BitOperations.PopCount(baseline ^ flipped), 6, 26);
        }
    }
}
