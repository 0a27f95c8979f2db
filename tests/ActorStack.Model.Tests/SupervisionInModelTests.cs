using ActorStack.Engine;
using ActorStack.Host;
using ActorStack.Protocols.Wire;
using ActorStack.Softirq;
using ActorStack.Softirq.Skb;

namespace ActorStack.Model.Tests;

public class SupervisionInModelTests
{
    private const ushort ExperimentalEthertype = 0x88b5;

    [Fact]
    public void ProtocolActorFault_WhileHoldingAnSkb_DropsItAsNotSpecified_AndKeepsConservation()
    {
        using var host = new SimulatedHost(new ScenarioOptions { Mode = ExecutionMode.Deterministic, Packets = 0, Sockets = 1, Flows = 1 });
        var handlers = Enumerable.Range(0, host.Options.Cpus)
            .Select(cpu => host.System.Spawn(
                new Props<SkBuff>(() => new ThrowingHandler()).WithCpu(cpu).WithLifecycle(host.Stack.Lifecycle<SkBuff>()),
                $"broken-proto/{cpu}"))
            .ToArray();
        host.Stack.PacketTypes.Add(ExperimentalEthertype, handlers);
        var frame = new byte[FrameBuilder.HeadersLength + 20];
        FrameBuilder.WriteUdp(frame, host.SpecTo(5000), 20, ipId: 1);
        frame[12] = ExperimentalEthertype >> 8;
        frame[13] = ExperimentalEthertype & 0xff;
        host.InjectFrame(frame);
        host.InjectFrame(frame);

        var result = host.Run();

        Assert.Equal(2, result.ActorFaults);
        Assert.Equal([(SkbDropReason.NotSpecified, 2L)], result.Drops);
        Assert.Equal(0, host.Stack.Pool.LivePackets);
        Assert.True(result.Conservation.Holds, result.Conservation.ToString());
    }

    [Fact]
    public void UnknownEthertype_IsDroppedAsUnhandledProto_AndCountedInRxDropped()
    {
        using var host = new SimulatedHost(new ScenarioOptions { Mode = ExecutionMode.Deterministic, Packets = 0, Sockets = 1, Flows = 1 });
        var frame = new byte[FrameBuilder.HeadersLength + 20];
        FrameBuilder.WriteUdp(frame, host.SpecTo(5000), 20, ipId: 1);
        // 0x88b5 (IEEE local experimental): no handler. ARP and IPv6 now have theirs.
        frame[12] = 0x88;
        frame[13] = 0xb5;
        host.InjectFrame(frame);

        var result = host.Run();

        Assert.Equal([(SkbDropReason.UnhandledProto, 1L)], result.Drops);
        Assert.Equal(1, host.Device.Core.RxDropped);
        Assert.Equal(1, result.Counters.SoftnetProcessed);
        Assert.Equal(0, result.Counters.IpInReceives);
        Assert.True(result.Conservation.Holds);
    }

    private sealed class ThrowingHandler : Actor<SkBuff>
    {
        protected override void Receive(SkBuff message) => throw new InvalidOperationException($"broken handler got {message}");
    }
}
