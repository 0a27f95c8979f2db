using ActorStack.Host;
using ActorStack.Protocols.Wire;
using ActorStack.Softirq;
using ActorStack.Softirq.Skb;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace ActorStack.TestKit;

/// <summary>
/// A TestKit for tests of ordering and drops against the whole receive path. It boots a simulated host from a
/// shipped scenario (deterministic unless the settings say otherwise; its own traffic off unless they set
/// <c>traffic.packets</c>), lets the test put hand-built datagrams on the wire, and puts a probe on the stack's two
/// tracepoints: every packet copied to a reader (skb:skb_copy_datagram_iovec) and every drop with its kernel reason
/// (skb:kfree_skb), in the order they happen, each stamped with its model time. Expectations run the model until the
/// event is there, in model time, and never sleep.
/// </summary>
public abstract class HostTestKit : SimTestKit
{
    private readonly Action<PacketEvent> _tap;
    private ushort _ipId;

    /// <summary>Boots <paramref name="scenario"/> with <paramref name="settings"/> (knobs as <c>--set</c> takes them).</summary>
    protected HostTestKit(string scenario = "default", params string[] settings)
        : this(new SimulatedHost(Options(scenario, settings)), null)
    {
    }

    /// <summary>Boots a host built from <paramref name="options"/>.</summary>
    protected HostTestKit(ScenarioOptions options, ITestOutputHelper? output = null)
        : this(new SimulatedHost(options), output)
    {
    }

    private HostTestKit(SimulatedHost host, ITestOutputHelper? output)
        : base(host.System, output)
    {
        Host = host;
        Packets = CreateProbe<PacketEvent>("packets");
        _tap = e => Packets.Ref.Tell(e);
        Host.Stack.Tracepoints.KfreeSkb += _tap;
        Host.Stack.Tracepoints.SkbCopyDatagramIovec += _tap;
        Host.StartApplications();
    }

    /// <summary>The simulated host: its stack, counters, sockets and reports.</summary>
    protected SimulatedHost Host { get; }

    /// <summary>Every delivery and every drop, in the order they happen.</summary>
    protected TypedProbe<PacketEvent> Packets { get; }

    /// <summary>The scenario's options with the settings applied (traffic off unless a setting turns it on).</summary>
    public static ScenarioOptions Options(string scenario, params string[] settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = Scenarios.Apply(new ScenarioOptions(), Scenarios.Find(scenario)) with { Packets = 0 };
        foreach (var setting in settings)
        {
            options = Knobs.Apply(options, setting);
        }

        options.Validate();
        return options;
    }

    /// <summary>
    /// Puts a datagram for <paramref name="port"/> on the wire now, carrying <paramref name="flow"/> and
    /// <paramref name="sequence"/> in its payload (as the model's own traffic does). <paramref name="spec"/> changes the
    /// frame (source port, addresses, TTL, checksum).
    /// </summary>
    protected void SendUdp(ushort port, int flow, long sequence, int payload = 64, Func<UdpFrameSpec, UdpFrameSpec>? spec = null)
    {
        if (payload < FlowPayload.HeaderLength)
        {
            throw new ArgumentOutOfRangeException(nameof(payload), payload, $"A datagram with a flow header has at least {FlowPayload.HeaderLength} bytes of payload.");
        }

        var frameSpec = Host.SpecTo(port, (ushort)(40000 + flow));
        frameSpec = spec?.Invoke(frameSpec) ?? frameSpec;
        var frame = new byte[FrameBuilder.HeadersLength + payload];
        FlowPayload.Write(frame.AsSpan(FrameBuilder.HeadersLength), flow, sequence);
        int length = FrameBuilder.WriteUdp(frame, frameSpec, payload, _ipId++);
        Host.InjectFrame(frame.AsSpan(0, length));
    }

    /// <summary>Expects the next packet event to be the delivery of (<paramref name="flow"/>, <paramref name="sequence"/>) to <paramref name="port"/>.</summary>
    protected PacketEvent ExpectDelivered(ushort port, int flow, long sequence)
    {
        var e = Packets.ExpectMsg();
        if (e.Kind != PacketEventKind.Delivered || e.DestinationPort != port || e.Flow != flow || e.Sequence != sequence)
        {
            throw new XunitException($"Expected delivery of flow {flow} seq {sequence} to :{port}, got: {e}");
        }

        return e;
    }

    /// <summary>Expects the next packet event to be a drop with <paramref name="reason"/>.</summary>
    protected PacketEvent ExpectDropped(SkbDropReason reason)
    {
        var e = Packets.ExpectMsg();
        if (e.Kind != PacketEventKind.Dropped || e.Reason != reason)
        {
            throw new XunitException($"Expected a drop with {reason.KernelName()}, got: {e}");
        }

        return e;
    }

    /// <summary>Runs the model until it is quiet and expects no further delivery or drop.</summary>
    protected void ExpectNoMorePackets() => Packets.ExpectNoMsg();

    /// <summary>Every packet that entered ends in one place: delivered, dropped, finished by the kernel, or still queued.</summary>
    protected void AssertConservation()
    {
        var c = Host.Stack.Ledger.Conservation(Host.StillQueued);
        if (!c.Holds)
        {
            throw new XunitException($"Conservation does not hold: {c}");
        }
    }

    /// <inheritdoc />
    protected override void AfterAll()
    {
        Host.Stack.Tracepoints.KfreeSkb -= _tap;
        Host.Stack.Tracepoints.SkbCopyDatagramIovec -= _tap;
        Host.Dispose();
        base.AfterAll();
    }
}
