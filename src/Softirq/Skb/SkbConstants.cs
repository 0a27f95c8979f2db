namespace ActorStack.Softirq.Skb;

/// <summary>Sizes the kernel's truesize and socket accounting rest on (x86_64, 6.18).</summary>
/// <remarks>Kernel: include/linux/skbuff.h; kernel-reference section 11.</remarks>
public static class SkbConstants
{
    /// <summary>SMP_CACHE_BYTES.</summary>
    public const int CacheLine = 64;

    /// <summary>SKB_DATA_ALIGN(sizeof(struct sk_buff)): 224 on the measured build, aligned to 256.</summary>
    public const int SkBuffStructAligned = 256;

    /// <summary>SKB_DATA_ALIGN(sizeof(struct skb_shared_info)) = 320.</summary>
    public const int SharedInfoAligned = 320;

    /// <summary>SKB_SMALL_HEAD_CACHE_SIZE on the measured build (slab skbuff_small_head).</summary>
    public const int SmallHeadCacheSize = 576;

    /// <summary>NET_SKB_PAD = max(64, L1_CACHE_BYTES).</summary>
    public const int NetSkbPad = 64;

    /// <summary>NET_IP_ALIGN is 0 on x86.</summary>
    public const int NetIpAlign = 0;

    /// <summary>SKB_DATA_ALIGN(x).</summary>
    public static int DataAlign(int size) => (size + CacheLine - 1) & ~(CacheLine - 1);

    /// <summary>SKB_TRUESIZE(X) = X + aligned sk_buff + aligned shared info.</summary>
    public static int Truesize(int size) => size + SkBuffStructAligned + SharedInfoAligned;

    /// <summary>
    /// truesize of an skb from __alloc_skb(size): head = SKB_DATA_ALIGN(size) + shared info, served by the small-head
    /// slab when it fits, else by the next kmalloc bucket; truesize = allocation + aligned sk_buff.
    /// </summary>
    public static int AllocSkbTruesize(int size)
    {
        int head = DataAlign(size) + SharedInfoAligned;
        int allocation = head <= SmallHeadCacheSize ? SmallHeadCacheSize : KmallocSize(head);
        return allocation + SkBuffStructAligned;
    }

    /// <summary>
    /// truesize of an skb built by a driver around a receive buffer (napi_build_skb): frag size + aligned sk_buff.
    /// ixgbe on 4 KiB pages uses half pages: 2048 + 256 = 2304 for every frame up to ~1.5 KB.
    /// </summary>
    public static int BuildSkbTruesize(int fragSize) => fragSize + SkBuffStructAligned;

    /// <summary>The kmalloc size class serving <paramref name="size"/> bytes (96 and 192 caches included).</summary>
    public static int KmallocSize(int size)
    {
        if (size <= 8)
        {
            return 8;
        }

        if (size > 64 && size <= 96)
        {
            return 96;
        }

        if (size > 128 && size <= 192)
        {
            return 192;
        }

        return (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)size);
    }
}
