using System.Diagnostics;
using ActorStack.Engine;
using ActorStack.Softirq;
using ActorStack.Softirq.Skb;

namespace ActorStack.Protocols;

/// <summary>
/// The receive handler of an ethertype the model counts but does not follow further (arp_rcv for ARP, ipv6_rcv for
/// IPv6): a real host has a handler, so these frames are neither UNHANDLED_PROTO drops nor ignored; they are
/// counted and consumed as ended in the kernel.
/// </summary>
public sealed class UnmodelledProtocolRcv : SkbHop
{
    private readonly KernelEnd _end;

    private UnmodelledProtocolRcv(NetStack stack, KernelEnd end, string function, int cpu)
        : base(stack, cpu, function, stage: null, stack.Costs.IpRcv)
    {
        _end = end;
    }

    /// <summary>Recipe for CPU <paramref name="cpu"/>'s <paramref name="function"/> (arp_rcv, ipv6_rcv).</summary>
    public static Props<SkBuff> Props(NetStack stack, KernelEnd end, string function, int cpu)
    {
        ArgumentNullException.ThrowIfNull(stack);
        return new Props<SkBuff>(() => new UnmodelledProtocolRcv(stack, end, function, cpu))
            .WithCpu(cpu, ExecClass.SoftIrq)
            .WithDepth(1)
            .WithLifecycle(stack.Lifecycle<SkBuff>());
    }

    /// <inheritdoc />
    protected override void Hop(SkBuff skb, Activity? span) => Stack.ConsumeByKernel(skb, _end, span);
}
