using ActorStack.Softirq.Skb;

namespace ActorStack.Softirq;

/// <summary>
/// Tracepoints on the packet's two ends, as perf and bpftrace attach to the kernel's skb:kfree_skb and
/// skb:skb_copy_datagram_iovec: a test (see ActorStack.TestKit's HostTestKit) or a tool attaches a handler, which runs
/// synchronously in the context that freed or copied the packet, at its model time. With nothing attached a
/// tracepoint costs one null check.
/// </summary>
public sealed class SkbTracepoints
{
    /// <summary>skb:kfree_skb: every drop, with its reason.</summary>
    public event Action<PacketEvent>? KfreeSkb;

    /// <summary>skb:skb_copy_datagram_iovec: every packet copied to an application.</summary>
    public event Action<PacketEvent>? SkbCopyDatagramIovec;

    internal bool HasKfreeSkb => KfreeSkb is not null;

    internal void Dropped(SkBuff skb, SkbDropReason reason, long nanos) =>
        KfreeSkb?.Invoke(PacketEvent.FromFrame(PacketEventKind.Dropped, reason, FrameOf(skb), skb.Cpu, nanos));

    /// <summary>A drop before any skb exists (the NIC had no descriptor for the frame).</summary>
    public void DroppedFrame(ReadOnlySpan<byte> frame, SkbDropReason reason, long nanos)
    {
        if (KfreeSkb is { } handler)
        {
            handler(PacketEvent.FromFrame(PacketEventKind.Dropped, reason, frame, -1, nanos));
        }
    }

    internal void Delivered(SkBuff skb, long nanos) =>
        SkbCopyDatagramIovec?.Invoke(PacketEvent.FromFrame(PacketEventKind.Delivered, null, FrameOf(skb), skb.Cpu, nanos));

    // The frame as it arrived: from the MAC header the driver recorded to the end of the linear data.
    private static ReadOnlySpan<byte> FrameOf(SkBuff skb) =>
        skb.MacHeader >= 0 && skb.MacHeader <= skb.Tail ? skb.Buffer.AsSpan(skb.MacHeader, skb.Tail - skb.MacHeader) : ReadOnlySpan<byte>.Empty;
}
