using System.Collections.Concurrent;

namespace ActorStack.Softirq.Skb;

/// <summary>
/// Allocates and recycles skbs (the skbuff_head_cache) and their data buffers (a <see cref="BufferPool"/>).
/// Counts live packets so conservation can be checked against an independent number.
/// </summary>
public sealed class SkbPool
{
    private readonly ConcurrentQueue<SkBuff> _heads = new();
    private readonly ConcurrentQueue<SkbShared> _shared = new();
    private long _nextId;
    private long _livePackets;
    private long _liveClones;
    private long _headsAllocated;

    /// <summary>Creates a pool over <paramref name="buffers"/>.</summary>
    public SkbPool(BufferPool buffers) => Buffers = buffers;

    /// <summary>The page_pool behind the data areas.</summary>
    public BufferPool Buffers { get; }

    /// <summary>skbs alive that are packets (not clones).</summary>
    public long LivePackets => Interlocked.Read(ref _livePackets);

    /// <summary>Clones alive.</summary>
    public long LiveClones => Interlocked.Read(ref _liveClones);

    /// <summary>sk_buff objects ever created (grows only while warming up).</summary>
    public long HeadsAllocated => Interlocked.Read(ref _headsAllocated);

    /// <summary>
    /// napi_build_skb(): wraps a receive buffer the driver got from the page pool. The buffer's whole size is the
    /// frag size; truesize = frag size + aligned sk_buff. The skb takes ownership of <paramref name="buffer"/>.
    /// </summary>
    public SkBuff BuildSkb(byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        var shared = RentShared(buffer);
        // The data area ends where skb_shared_info begins, at the end of the frag.
        int end = buffer.Length - SkbConstants.SharedInfoAligned;
        return RentHead(shared, end, SkbConstants.BuildSkbTruesize(buffer.Length), isClone: false);
    }

    /// <summary>__alloc_skb(size): a fresh linear skb of <paramref name="size"/> bytes of data area.</summary>
    public SkBuff AllocSkb(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        var buffer = Buffers.Rent(size);
        return RentHead(RentShared(buffer), size, SkbConstants.AllocSkbTruesize(size), isClone: false);
    }

    /// <summary>skb_clone(): a new header sharing the data (dataref + 1), same truesize, for taps.</summary>
    public SkBuff Clone(SkBuff skb)
    {
        ArgumentNullException.ThrowIfNull(skb);
        var shared = skb.DetachPeek();
        Interlocked.Increment(ref shared.DataRef);
        var clone = RentHead(shared, skb.End, skb.Truesize, isClone: true);
        clone.CopyHeaderFrom(skb);
        return clone;
    }

    /// <summary>Returns the skb's header, and its buffer if this was the last reference, to the pool.</summary>
    internal void Free(SkBuff skb)
    {
        NapiStruct.PipelineLeave(skb);
        // kfree_skb frees the frag_list with its head.
        var chained = skb.FragList;
        while (chained is not null)
        {
            var next = chained.FragNext;
            Free(chained);
            chained = next;
        }

        bool clone = skb.IsClone;
        var shared = skb.Detach();
        if (shared is not null && Interlocked.Decrement(ref shared.DataRef) == 0)
        {
            Buffers.Return(shared.Buffer);
            shared.Buffer = [];
            _shared.Enqueue(shared);
        }

        Interlocked.Decrement(ref clone ? ref _liveClones : ref _livePackets);
        _heads.Enqueue(skb);
    }

    private SkbShared RentShared(byte[] buffer)
    {
        if (!_shared.TryDequeue(out var shared))
        {
            shared = new SkbShared();
        }

        shared.Buffer = buffer;
        shared.DataRef = 1;
        return shared;
    }

    private SkBuff RentHead(SkbShared shared, int end, int truesize, bool isClone)
    {
        if (!_heads.TryDequeue(out var skb))
        {
            Interlocked.Increment(ref _headsAllocated);
            skb = new SkBuff(this);
        }

        skb.Init(Interlocked.Increment(ref _nextId), shared, end, truesize, isClone);
        Interlocked.Increment(ref isClone ? ref _liveClones : ref _livePackets);
        return skb;
    }
}
