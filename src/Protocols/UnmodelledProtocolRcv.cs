using ActorStack.Engine;
using ActorStack.Softirq;
using ActorStack.Softirq.Skb;

namespace ActorStack.Protocols;

/// <summary>
/// The receive handler of an ethertype the model counts but does not follow further (arp_rcv for ARP, ipv6_rcv for
/// IPv6): a real host has a handler, so these frames are neither UNHANDLED_PROTO drops nor ignored; they are
/// counted and consumed as ended in the kernel.
/// </summary>
public sealed class UnmodelledProtocolRcv : Actor<SkBuff>
{
    private readonly NetStack _stack;
    private readonly KernelEnd _end;
    private readonly string _function;
    private readonly int _cpu;

    private UnmodelledProtocolRcv(NetStack stack, KernelEnd end, string function, int cpu)
    {
        _stack = stack;
        _end = end;
        _function = function;
        _cpu = cpu;
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
    protected override void Receive(SkBuff message)
    {
        var span = _stack.Tracer.StartHop(_function, message, _cpu);
        Cpu.Spend(_stack.Costs.IpRcv);
        _stack.ConsumeByKernel(message, _end, span);
    }
}
