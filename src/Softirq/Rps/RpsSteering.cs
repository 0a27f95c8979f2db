using ActorStack.Softirq.Skb;

namespace ActorStack.Softirq.Rps;

/// <summary>get_rps_cpu(): RFS first (the CPU the flow's reader last ran on, if moving cannot reorder), else RPS.</summary>
/// <remarks>Kernel: net/core/dev.c get_rps_cpu(), set_rps_cpu(); include/net/rps.h.</remarks>
public static class RpsSteering
{
    /// <summary>hash_32(): multiply by GOLDEN_RATIO_32 and keep the top <paramref name="bits"/> bits.</summary>
    public static uint Hash32(uint value, int bits) => bits == 0 ? 0 : (value * 0x61C88647u) >> (32 - bits);

    /// <summary>reciprocal_scale(h, n) = (u64)h·n &gt;&gt; 32.</summary>
    public static int ReciprocalScale(uint hash, int n) => (int)(((ulong)hash * (uint)n) >> 32);

    /// <summary>The CPU whose backlog should take <paramref name="skb"/>, or -1 for "process here, no backlog".</summary>
    public static int GetRpsCpu(NetStack stack, NetDeviceCore dev, SkBuff skb, out RpsDevFlow? flow)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(dev);
        ArgumentNullException.ThrowIfNull(skb);
        flow = null;
        var queue = dev.Steering(skb.RxQueue);
        if (queue is null || (queue.Map.Length == 0 && !queue.HasFlowTable))
        {
            return -1;
        }

        // skb_get_hash(): the NIC's RSS hash when it gave one. A software hash is not modelled: 0 means no steering.
        uint hash = skb.Hash;
        if (hash == 0)
        {
            return -1;
        }

        var sockTable = stack.RpsSockFlows;
        if (queue.HasFlowTable && sockTable is not null)
        {
            uint ident = sockTable.Read(hash);
            if (((ident ^ hash) & ~sockTable.CpuMask) == 0)
            {
                int nextCpu = (int)(ident & sockTable.CpuMask);
                var rflow = queue.FlowFor(hash);
                int tcpu = rflow.Cpu;
                // Move only if the flow has no CPU yet, or everything it queued on the old CPU has been dequeued.
                if (tcpu != nextCpu && nextCpu < stack.Cpus.Length &&
                    (tcpu < 0 || tcpu >= stack.Cpus.Length || stack.Cpus[tcpu].Backlog.InputQueueHead - rflow.LastQtail >= 0))
                {
                    rflow.LastQtail = stack.Cpus[nextCpu].Backlog.InputQueueHead;
                    rflow.Cpu = nextCpu;
                    tcpu = nextCpu;
                }

                if (tcpu >= 0 && tcpu < stack.Cpus.Length)
                {
                    flow = rflow;
                    return tcpu;
                }
            }
        }

        if (queue.Map.Length > 0)
        {
            return queue.Map[ReciprocalScale(hash, queue.Map.Length)];
        }

        return -1;
    }
}
