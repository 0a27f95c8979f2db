using ActorStack.Engine;
using ActorStack.Host;
using ActorStack.Protocols.Wire;
using ActorStack.Softirq.Skb;

namespace ActorStack.Model.Tests;

public class MalformedPacketTests
{
    // The result is a snapshot of the counters, so the host can go as soon as it has run.
    private static RunResult RunWith(Action<SimulatedHost> inject)
    {
        using var host = new SimulatedHost(new ScenarioOptions { Mode = ExecutionMode.Deterministic, Packets = 0, Sockets = 1, Flows = 1 });
        inject(host);
        return host.Run();
    }

    private static byte[] Frame(SimulatedHost host, ushort port, int payload = 32)
    {
        var bytes = new byte[FrameBuilder.HeadersLength + payload];
        int length = FrameBuilder.WriteUdp(bytes, host.SpecTo(port), payload, ipId: 1);
        return bytes[..length];
    }

    private static void AssertOnly(RunResult result, SkbDropReason reason)
    {
        Assert.Equal([(reason, 1L)], result.Drops);
        Assert.Equal(0, result.Conservation.Delivered);
        Assert.Equal(0, result.Counters.UdpInDatagrams);
        Assert.True(result.Conservation.Holds, result.Conservation.ToString());
    }

    [Fact]
    public void UdpRcv_NoBoundSocket_CountsNoPortsAndDropsWithNoSocket()
    {
        var result = RunWith(h => h.InjectFrame(Frame(h, port: 9999)));
        AssertOnly(result, SkbDropReason.NoSocket);
        Assert.Equal(1, result.Counters.UdpNoPorts);
        Assert.Equal(0, result.Counters.UdpInErrors);
        Assert.Equal(1, result.Counters.IpInDelivers);
    }

    [Fact]
    public void IpRcv_BadHeaderChecksum_CountsCsumAndHdrErrorsAndDropsWithIpCsum()
    {
        var result = RunWith(h =>
        {
            var frame = Frame(h, port: 5000);
            frame[FrameBuilder.EthHeaderLength + 10] ^= 0xff;
            h.InjectFrame(frame);
        });
        AssertOnly(result, SkbDropReason.IpCsum);
        Assert.Equal(1, result.Counters.IpInReceives);
        Assert.Equal(1, result.Counters.IpInHdrErrors);
        Assert.Equal(1, result.Counters.IpExtInCsumErrors);
        Assert.Equal(0, result.Counters.IpInDelivers);
    }

    [Fact]
    public void IpRcv_BadVersion_CountsHdrErrorsAndDropsWithIpInhdr()
    {
        var result = RunWith(h =>
        {
            var frame = Frame(h, port: 5000);
            frame[FrameBuilder.EthHeaderLength] = 0x65;
            FrameBuilder.FixIpChecksum(frame);
            h.InjectFrame(frame);
        });
        AssertOnly(result, SkbDropReason.IpInhdr);
        Assert.Equal(1, result.Counters.IpInHdrErrors);
        Assert.Equal(0, result.Counters.IpExtInCsumErrors);
        Assert.Equal(0, result.Counters.IpInDelivers);
    }

    [Fact]
    public void IpRcv_HeaderTruncatedBelow20Bytes_CountsHdrErrorsAndDropsWithIpInhdr()
    {
        var result = RunWith(h => h.InjectFrame(Frame(h, port: 5000)[..(FrameBuilder.EthHeaderLength + 12)]));
        AssertOnly(result, SkbDropReason.IpInhdr);
        Assert.Equal(1, result.Counters.IpInReceives);
        Assert.Equal(1, result.Counters.IpInHdrErrors);
    }

    [Fact]
    public void IpRcv_FrameShorterThanTotLen_CountsTruncatedAndDropsWithPktTooSmall()
    {
        var result = RunWith(h => h.InjectFrame(Frame(h, port: 5000, payload: 100)[..(FrameBuilder.HeadersLength + 10)]));
        AssertOnly(result, SkbDropReason.PktTooSmall);
        Assert.Equal(1, result.Counters.IpExtInTruncatedPkts);
        Assert.Equal(0, result.Counters.IpInHdrErrors);
    }

    [Fact]
    public void UdpRecvmsg_BadUdpChecksum_IsFoundAtCopyAndCountedAsCsumError()
    {
        var result = RunWith(h =>
        {
            var frame = Frame(h, port: 5000);
            frame[^1] ^= 0x5a;
            h.InjectFrame(frame);
        });
        AssertOnly(result, SkbDropReason.UdpCsum);
        Assert.Equal(1, result.Counters.UdpInCsumErrors);
        Assert.Equal(1, result.Counters.UdpInErrors);
        Assert.Equal(1, result.Counters.IpInDelivers);
    }
}
