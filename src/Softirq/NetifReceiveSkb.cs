using ActorStack.Softirq.Skb;

namespace ActorStack.Softirq;

/// <summary>
/// netif_receive_skb() → __netif_receive_skb_core(): count the pass in softnet_data, then hand the skb to the
/// protocol actor registered for its ethertype on this CPU, or drop it as UNHANDLED_PROTO.
/// </summary>
/// <remarks>Kernel: net/core/dev.c. RPS, taps, XDP and rx_handler are not modelled yet.</remarks>
internal sealed class NetifReceiveSkb
{
    private readonly NetStack _stack;
    private readonly SoftnetData _softnet;

    public NetifReceiveSkb(NetStack stack, SoftnetData softnet)
    {
        _stack = stack;
        _softnet = softnet;
    }

    public void Receive(SkBuff skb, int cpu)
    {
        var span = _stack.Tracer.StartHop("netif_receive_skb", skb, cpu);
        skb.Cpu = cpu;
        _softnet.IncProcessed();
        var handler = _stack.PacketTypes.Lookup(skb.Protocol, cpu);
        if (handler is null)
        {
            skb.Dev?.IncRxDropped();
            _stack.KfreeSkb(skb, SkbDropReason.UnhandledProto, span);
            return;
        }

        _stack.Tracer.End(span);
        handler.Tell(skb);
    }
}
