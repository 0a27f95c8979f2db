using System.Diagnostics;
using System.Buffers.Binary;
using ActorStack.Engine;
using ActorStack.Softirq;
using ActorStack.Softirq.Skb;
using ActorStack.Softirq.Snmp;

namespace ActorStack.Protocols.Icmp;

/// <summary>
/// icmp_rcv() on one CPU: checksum, InMsgs and the per-type counters; an echo request is answered (echo reply),
/// every other type is counted and consumed.
/// </summary>
/// <remarks>Kernel: net/ipv4/icmp.c icmp_rcv().</remarks>
public sealed class IcmpRcv : SkbHop
{
    private readonly IcmpSender _sender;

    private IcmpRcv(NetStack stack, IcmpSender sender, int cpu)
        : base(stack, cpu, "icmp_rcv", stage: null, stack.Costs.UdpRcv)
    {
        _sender = sender;
    }

    /// <summary>Recipe for CPU <paramref name="cpu"/>'s ICMP actor.</summary>
    public static Props<SkBuff> Props(NetStack stack, IcmpSender sender, int cpu)
    {
        ArgumentNullException.ThrowIfNull(stack);
        return new Props<SkBuff>(() => new IcmpRcv(stack, sender, cpu))
            .WithCpu(cpu, ExecClass.SoftIrq)
            .WithDepth(2)
            .WithLifecycle(stack.Lifecycle<SkBuff>());
    }

    /// <inheritdoc />
    protected override void Hop(SkBuff skb, Activity? span)
    {
        var icmp = Stack.Snmp.Icmp;
        var data = skb.DataSpan;
        if (data.Length < 8 || InetChecksum.Fold(InetChecksum.Add(data)) != 0)
        {
            icmp.Inc(IcmpMibField.InCsumErrors);
            icmp.Inc(IcmpMibField.InErrors);
            Stack.KfreeSkb(skb, data.Length < 8 ? SkbDropReason.PktTooSmall : SkbDropReason.IcmpCsum, span);
            return;
        }

        byte type = data[0];
        icmp.Inc(IcmpMibField.InMsgs);
        Interlocked.Increment(ref Stack.Snmp.IcmpInTypes[type]);
        switch (type)
        {
            case 0:
                icmp.Inc(IcmpMibField.InEchoReps);
                break;
            case 3:
                icmp.Inc(IcmpMibField.InDestUnreachs);
                break;
            case 8:
                icmp.Inc(IcmpMibField.InEchos);
                uint saddr = BinaryPrimitives.ReadUInt32BigEndian(skb.Buffer.AsSpan(skb.NetworkHeader + 12));
                _sender.Send(0, 0, saddr);
                break;
            case 11:
                icmp.Inc(IcmpMibField.InTimeExcds);
                break;
        }

        Stack.ConsumeByKernel(skb, KernelEnd.Icmp, span);
    }
}
