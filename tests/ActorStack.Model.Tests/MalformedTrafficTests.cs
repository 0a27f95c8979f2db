using ActorStack.Host;
using ActorStack.Protocols.Wire;
using ActorStack.Softirq;
using ActorStack.Softirq.Skb;
using ActorStack.Softirq.Snmp;
using ActorStack.Wire;
using CsCheck;

namespace ActorStack.Model.Tests;

/// <summary>traffic.malformed and random frames: every frame ends in exactly one counted place, and nothing crashes.</summary>
public class MalformedTrafficTests
{
    [Fact]
    public void EveryFrameMalformed_EachEndsWithAReason_NoActorFails()
    {
        var result = ScenarioRunner.Run("default", "traffic.malformed=1", "traffic.packets=20000", "traffic.rate=1000000");
        Assert.Equal(20000, result.Conservation.Injected);
        Assert.Equal(0, result.ActorFaults);
        Assert.Equal(0, result.InRings + result.InSockets);
        var reasons = result.Drops.Select(d => d.Reason).ToHashSet();
        // The mutations reach each layer's own check.
        Assert.Superset(new HashSet<SkbDropReason> { SkbDropReason.IpCsum, SkbDropReason.IpInhdr, SkbDropReason.PktTooSmall, SkbDropReason.UdpCsum, SkbDropReason.TcpCsum }, reasons);
    }

    [Fact]
    public void Malformed_OnATcpRun_IsRefused() =>
        Assert.Contains("traffic.malformed", Assert.ThrowsAny<ArgumentException>(() => ScenarioRunner.Options("default", "traffic.protocol=tcp", "traffic.malformed=0.1")).Message, StringComparison.Ordinal);

    [Fact]
    public void RandomFrames_KeepConservationAndConsistentCounters()
    {
        // A frame is either random bytes, or a valid UDP frame damaged by one of the wire mutations (from a seed, so
        // CsCheck shrinks a failure to the smallest seed and frame list).
        var randomBytes = Gen.Byte.Array[0, 1514];
        var mutated = Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[12, 1400], (seed, payload) => (seed, payload));
        var frame = Gen.OneOf(
            randomBytes.Select(b => (Bytes: b, Seed: -1, Payload: 0)),
            mutated.Select(m => (Bytes: Array.Empty<byte>(), Seed: m.seed, Payload: m.payload)));
        frame.List[1, 30].Sample(frames =>
        {
            using var host = new SimulatedHost(ScenarioRunner.Options("default", "traffic.packets=0"));
            host.StartApplications();
            var buffer = new byte[1514];
            foreach (var (bytes, seed, payload) in frames)
            {
                if (seed < 0)
                {
                    host.InjectFrame(bytes);
                    continue;
                }

                var spec = host.SpecTo(5000);
                FlowPayload.Write(buffer.AsSpan(FrameBuilder.HeadersLength), 0, seed);
                int length = FrameBuilder.WriteUdp(buffer, spec, payload, (ushort)seed);
                length = FrameMutator.Mutate(buffer, length, new Random(seed));
                host.InjectFrame(buffer.AsSpan(0, length));
            }

            var result = host.Run();
            var c = result.Conservation;
            Assert.True(result.Quiet);
            Assert.True(c.Holds, c.ToString());
            Assert.Equal(frames.Count, c.Injected);
            Assert.Equal(0, result.StillQueuedTotal());
            Assert.Equal(0, result.ActorFaults);
            Assert.Equal(c.Dropped, result.Drops.Sum(d => d.Count));
            Assert.True(host.Stack.Snmp.Ip[IpMibField.InReceives] <= c.Injected);
            // UDP counts one InDatagrams per datagram a reader got, and only those.
            Assert.Equal(c.Delivered, host.Stack.Snmp.Udp[UdpMibField.InDatagrams]);
        }, iter: 40, threads: 1);
    }
}

internal static class RunResultExtensions
{
    public static long StillQueuedTotal(this RunResult result) => result.InRings + result.InSockets + result.OnWire;
}
