using System.Buffers.Binary;
using ActorStack.Softirq;
using ActorStack.Softirq.Latency;
using ActorStack.Softirq.Skb;
using ActorStack.Softirq.Tracing;

namespace ActorStack.Nic;

/// <summary>
/// The driver's poll for one RX queue (ixgbe_poll → ixgbe_clean_rx_irq): clean done descriptors up to the budget,
/// build an skb around each buffer, refill in batches of 16, and complete the NAPI (re-enabling the interrupt)
/// when the ring ran dry before the budget did.
/// </summary>
internal sealed class RxQueueNapi : NapiStruct
{
    private readonly RxQueue _queue;

    public RxQueueNapi(RxQueue queue)
        : base($"{queue.Options.Name}-rx-{queue.Index}", queue.Options.NapiWeight)
    {
        _queue = queue;
    }

    public override int Poll(NapiContext cpu, int budget)
    {
        var ring = _queue.Ring;
        var stack = _queue.Stack;
        int cleanedCount = ring.Unused;
        int work = 0;
        while (work < budget)
        {
            // Refill first when a batch is due, as ixgbe does at the top of its loop.
            if (cleanedCount >= _queue.Options.RxBufferWrite)
            {
                ring.Refill(cleanedCount);
                cleanedCount = 0;
            }

            if (!ring.TryPeekDone(out int index))
            {
                break;
            }

            // Everything is read from the descriptor before it is handed back for refill.
            ref var descriptor = ref ring.At(index);
            cpu.Spend(stack.Costs.DriverRxPacket);
            var skb = BuildSkb(_queue, ref descriptor);
            ring.TakeCleaned(index);
            cleanedCount++;
            work++;
            var span = stack.Tracer.StartHop("napi_poll", skb, cpu.Cpu);
            if (span is not null && InBusyPoll)
            {
                // Polled by a thread in recvfrom() (napi_busy_loop), not by net_rx_action: no interrupt, no softirq.
                span.SetTag(SkbTags.BusyPoll, true);
                span.SetTag(SkbTags.NapiId, Id);
            }
            else if (span is not null && LastIrqNanos >= skb.TstampNanos)
            {
                // This packet waited for an interrupt (it was not picked up by a repoll): show when it fired.
                stack.Tracer.RecordIrq(span, LastIrqNanos, _queue.Vector.IrqName);
            }

            if (!EthTypeTrans(_queue, skb))
            {
                stack.KfreeSkb(skb, SkbDropReason.PktTooSmall, span);
                continue;
            }

            stack.Tracer.End(span);
            cpu.GroReceive(this, skb);
        }

        if (work < budget && cpu.CompleteDone(this, work))
        {
            // Unmask the vector: a write to the NIC's register, which reaches the hardware as a message.
            _queue.Hardware.Tell(NicMsg.IrqEnable);
        }

        return work;
    }

    /// <summary>napi_build_skb() around a completed descriptor's buffer, with the write-back metadata.</summary>
    internal static SkBuff BuildSkb(RxQueue queue, ref RxDescriptor descriptor)
    {
        var skb = queue.Stack.Pool.BuildSkb(descriptor.Buffer!);
        skb.Reserve(queue.Headroom);
        skb.Put(descriptor.Length);
        queue.Options.Profile.SetRxSkb(skb, descriptor.Length);
        skb.Trace = descriptor.Trace;
        skb.TstampNanos = descriptor.TstampNanos;
        skb.Stamp(LatencyStage.Wire, descriptor.SentNanos);
        skb.Stamp(LatencyStage.Dma, descriptor.TstampNanos);
        skb.Stamp(LatencyStage.NapiPoll, queue.Stack.Clock.NowNanos);
        skb.RxQueue = queue.Index;
        skb.Dev = queue.Device.Core;
        if (queue.Options.RxHash)
        {
            skb.Hash = descriptor.RssHash;
            skb.L4Hash = descriptor.L4Hash;
        }

        skb.IpSummed = descriptor.L4ChecksumGood ? ChecksumStatus.Unnecessary : ChecksumStatus.None;
        return skb;
    }

    /// <summary>eth_type_trans(): classify by destination MAC, set protocol, pull the Ethernet header.</summary>
    internal static bool EthTypeTrans(RxQueue queue, SkBuff skb)
    {
        if (skb.Length < 14)
        {
            return false;
        }

        var frame = skb.DataSpan;
        skb.MacHeader = skb.Data;
        var destination = frame[..6];
        if ((destination[0] & 1) != 0)
        {
            skb.PktType = destination.SequenceEqual((ReadOnlySpan<byte>)[0xff, 0xff, 0xff, 0xff, 0xff, 0xff])
                ? PacketType.Broadcast
                : PacketType.Multicast;
        }
        else
        {
            skb.PktType = destination.SequenceEqual(queue.Device.Core.MacAddress) ? PacketType.Host : PacketType.OtherHost;
        }

        skb.Protocol = BinaryPrimitives.ReadUInt16BigEndian(frame[12..]);
        skb.Pull(14);
        skb.NetworkHeader = skb.Data;
        return true;
    }
}
