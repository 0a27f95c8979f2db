using ActorStack.Softirq.Skb;

namespace ActorStack.Softirq;

/// <summary>
/// Where every packet ended: injected onto the wire, then delivered to the application, finished by the kernel itself
/// (consumed by ARP, IPv6, ICMP or TCP control processing, or forwarded), or dropped with a reason. Whatever has not
/// ended must still be queued somewhere; <see cref="Conservation"/> checks it.
/// </summary>
public sealed class PacketLedger
{
    private readonly long[] _drops = new long[DropReasons.Count];
    private readonly long[] _kernelEnds = new long[KernelEnds.Count];
    private long _injected;
    private long _delivered;

    /// <summary>Frames put on the wire toward the host.</summary>
    public long Injected => Interlocked.Read(ref _injected);

    /// <summary>Datagrams copied to the application.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Packets the kernel finished without the application: consumed or forwarded, every kind.</summary>
    public long TotalKernelEnded
    {
        get
        {
            long sum = 0;
            for (int i = 0; i < _kernelEnds.Length; i++)
            {
                sum += Interlocked.Read(ref _kernelEnds[i]);
            }

            return sum;
        }
    }

    /// <summary>Packets that ended as <paramref name="end"/>.</summary>
    public long Ended(KernelEnd end) => Interlocked.Read(ref _kernelEnds[(int)end]);

    /// <summary>All drops, every reason.</summary>
    public long TotalDropped
    {
        get
        {
            long sum = 0;
            for (int i = 0; i < _drops.Length; i++)
            {
                sum += Interlocked.Read(ref _drops[i]);
            }

            return sum;
        }
    }

    /// <summary>Drops of one reason.</summary>
    public long Dropped(SkbDropReason reason) => Interlocked.Read(ref _drops[(int)reason]);

    /// <summary>Non-zero drop counts by reason, in enum order.</summary>
    public IReadOnlyList<(SkbDropReason Reason, long Count)> DropsByReason()
    {
        var list = new List<(SkbDropReason, long)>();
        for (int i = 0; i < _drops.Length; i++)
        {
            long n = Interlocked.Read(ref _drops[i]);
            if (n != 0)
            {
                list.Add(((SkbDropReason)i, n));
            }
        }

        return list;
    }

    /// <summary>A frame entered the model.</summary>
    public void CountInjected() => Interlocked.Increment(ref _injected);

    /// <summary>A datagram reached the application.</summary>
    public void CountDelivered() => Interlocked.Increment(ref _delivered);

    /// <summary>Counts <paramref name="packets"/> delivered at once (a GRO aggregate read in one recvmsg).</summary>
    public void CountDelivered(int packets) => Interlocked.Add(ref _delivered, packets);

    /// <summary>The kernel finished with <paramref name="packets"/> packets without the application (consumed or forwarded).</summary>
    public void CountKernelEnd(KernelEnd end, int packets = 1) => Interlocked.Add(ref _kernelEnds[(int)end], packets);

    /// <summary>A packet was dropped (an skb freed with a reason, or a frame the NIC could not take).</summary>
    public void CountDrop(SkbDropReason reason) => Interlocked.Increment(ref _drops[(int)reason]);

    /// <summary>Counts <paramref name="packets"/> dropped at once (a GRO aggregate freed whole).</summary>
    public void CountDrop(SkbDropReason reason, int packets) => Interlocked.Add(ref _drops[(int)reason], packets);

    /// <summary>Checks injected = delivered + kernel-ended + dropped + queued.</summary>
    public ConservationResult Conservation(long stillQueued) =>
        new(Injected, Delivered, TotalDropped, stillQueued) { Consumed = TotalKernelEnded - Ended(KernelEnd.Forwarded), Forwarded = Ended(KernelEnd.Forwarded) };
}

/// <summary>The conservation equation of one run.</summary>
public readonly record struct ConservationResult(long Injected, long Delivered, long Dropped, long StillQueued)
{
    /// <summary>Consumed by the kernel (ARP, IPv6, ICMP, TCP control segments).</summary>
    public long Consumed { get; init; }

    /// <summary>Forwarded out of the host.</summary>
    public long Forwarded { get; init; }

    /// <summary>True when every injected packet is accounted for exactly once.</summary>
    public bool Holds => Injected == Delivered + Consumed + Forwarded + Dropped + StillQueued;

    /// <inheritdoc />
    public override string ToString() =>
        $"conservation: injected {Injected} = delivered {Delivered} + consumed {Consumed} + forwarded {Forwarded} + dropped {Dropped} + queued {StillQueued}" +
        (Holds ? " : OK" : $" : VIOLATED (off by {Injected - Delivered - Consumed - Forwarded - Dropped - StillQueued})");
}
