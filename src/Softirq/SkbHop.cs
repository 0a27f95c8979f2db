using System.Diagnostics;
using ActorStack.Engine;
using ActorStack.Softirq.Latency;
using ActorStack.Softirq.Skb;

namespace ActorStack.Softirq;

/// <summary>
/// A hop of the receive path that is an actor of its own (ip_rcv, udp_rcv, tcp_v4_rcv, icmp_rcv, ...). What every such
/// hop does on entry is written here once, around the hop's own work: stamp the skb for the latency report (when the
/// hop starts a latency stage), open the hop's span in the packet's trace, and charge the hop's entry cost to its CPU,
/// in that order. The hop then finishes the span itself: it knows whether the packet went on, was consumed or was
/// dropped.
/// </summary>
public abstract class SkbHop : Actor<SkBuff>
{
    private readonly string _function;
    private readonly LatencyStage? _stage;
    private readonly long _entryCost;

    /// <summary>A hop named <paramref name="function"/> (the span's name) on <paramref name="cpu"/>.</summary>
    protected SkbHop(NetStack stack, int cpu, string function, LatencyStage? stage, long entryCost)
    {
        Stack = stack ?? throw new ArgumentNullException(nameof(stack));
        HopCpu = cpu;
        _function = function;
        _stage = stage;
        _entryCost = entryCost;
    }

    /// <summary>The kernel state the hop works on.</summary>
    protected NetStack Stack { get; }

    /// <summary>The CPU the hop runs on (its span's cpu tag).</summary>
    protected int HopCpu { get; }

    /// <inheritdoc />
    protected sealed override void Receive(SkBuff message)
    {
        if (_stage is { } stage)
        {
            message.Stamp(stage, Cpu.Clock.NowNanos);
        }

        var span = Stack.Tracer.StartHop(_function, message, HopCpu);
        if (_entryCost > 0)
        {
            Cpu.Spend(_entryCost);
        }

        Hop(message, span);
    }

    /// <summary>The hop's own work on <paramref name="skb"/>, inside <paramref name="span"/> (null when not traced).</summary>
    protected abstract void Hop(SkBuff skb, Activity? span);
}
