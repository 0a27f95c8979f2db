using ActorStack.Softirq;
using ActorStack.Softirq.Skb;

namespace ActorStack.Nic;

/// <summary>
/// A driver without NAPI: the interrupt handler itself takes every completed frame off the ring, builds an skb
/// and hands it to netif_rx() (the CPU's backlog), then refills. The interrupt is never masked, so the device
/// interrupts for every frame, and all this work runs in hard IRQ context, ahead of the softirq that must
/// finish each packet. Under load the CPU is spent taking packets in and dropping them at the backlog:
/// receive livelock (Mogul and Ramakrishnan, 1997).
/// </summary>
internal sealed class LegacyRxHandler(RxQueue queue) : IIrqHandler
{
    public string IrqName => $"{queue.Options.Name}-rx-{queue.Index}";

    public void HandleIrq(NapiContext cpu)
    {
        var ring = queue.Ring;
        var stack = queue.Stack;
        int cleaned = 0;
        while (ring.TryPeekDone(out int index))
        {
            ref var descriptor = ref ring.At(index);
            cpu.Spend(stack.Costs.LegacyIrqPacket);
            var skb = RxQueueNapi.BuildSkb(queue, ref descriptor);
            ring.TakeCleaned(index);
            cleaned++;
            if (cleaned >= queue.Options.RxBufferWrite)
            {
                ring.Refill(ring.Unused);
                cleaned = 0;
            }

            var span = stack.Tracer.StartHop("netif_rx", skb, cpu.Cpu);
            if (!RxQueueNapi.EthTypeTrans(queue, skb))
            {
                stack.KfreeSkb(skb, SkbDropReason.PktTooSmall, span);
                continue;
            }

            stack.Tracer.End(span);
            cpu.NetifRx(skb);
        }

        ring.Refill(ring.Unused);
    }
}
