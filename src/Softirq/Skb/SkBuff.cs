using System.Diagnostics;

namespace ActorStack.Softirq.Skb;

/// <summary>
/// A socket buffer: one packet's metadata plus a view (head ≤ data ≤ tail ≤ end) on a pooled buffer.
/// Exactly one actor owns an skb at a time; sending it transfers it. It ends delivered or freed with a reason.
/// </summary>
/// <remarks>Kernel: include/linux/skbuff.h struct sk_buff. Offsets are from head, as on 64-bit kernels.</remarks>
public sealed class SkBuff : ISkbMessage
{
    private SkbShared? _shared;

    // Model time at each latency point; allocated once per pooled skb, cleared on reuse.
    private readonly long[] _stamps = new long[Latency.LatencyStages.Points];

    internal SkBuff(SkbPool pool) => Pool = pool;

    internal SkbPool Pool { get; }

    /// <summary>Unique id (like ns-3's packet uid), for tracing and logs.</summary>
    public long Id { get; internal set; }

    /// <summary>The whole buffer; head is offset 0.</summary>
    public byte[] Buffer => _shared?.Buffer ?? throw new InvalidOperationException($"skb {Id} has been freed.");

    /// <summary>Offset of data from head.</summary>
    public int Data { get; private set; }

    /// <summary>Offset of tail from head.</summary>
    public int Tail { get; private set; }

    /// <summary>Offset of end from head (skb_shared_info sits beyond it).</summary>
    public int End { get; private set; }

    /// <summary>skb->len: bytes from data to tail (all skbs here are linear, data_len = 0).</summary>
    public int Length => Tail - Data + DataLen;

    /// <summary>skb_headlen(): bytes in the linear part (this skb's own buffer).</summary>
    public int HeadLength => Tail - Data;

    /// <summary>data_len: bytes held in the frag_list (GRO aggregates).</summary>
    public int DataLen { get; internal set; }

    /// <summary>skb_shinfo(skb)->frag_list: the first skb a GRO merge chained behind this one.</summary>
    public SkBuff? FragList { get; internal set; }

    /// <summary>The next skb on the frag_list this skb belongs to.</summary>
    public SkBuff? FragNext { get; internal set; }

    /// <summary>gso_size: payload bytes per segment of a GRO aggregate (0 for a plain skb).</summary>
    public int GsoSize { get; internal set; }

    /// <summary>gso_segs: packets this skb stands for (1 for a plain skb; NAPI_GRO_CB count for an aggregate).</summary>
    public int Segments { get; internal set; } = 1;

    /// <summary>skb_headroom().</summary>
    public int Headroom => Data;

    /// <summary>skb_tailroom().</summary>
    public int Tailroom => End - Tail;

    /// <summary>skb->truesize: the memory this skb costs its socket.</summary>
    public int Truesize { get; set; }

    /// <summary>
    /// What skb_try_coalesce() would charge a receive queue for taking this skb's data into the queue's tail without
    /// copying it (0: it cannot): a head that is a page fragment (build_skb) is stolen, truesize minus the sk_buff;
    /// payload already in page fragments moves, truesize minus SKB_TRUESIZE(skb_end_offset). A kmalloc'ed head
    /// holding the payload is locked (skb_head_is_locked()). Set by the driver that built the skb.
    /// </summary>
    public int CoalesceTruesize { get; set; }

    /// <summary>
    /// The linear room after this skb's data, as its driver laid it out: what skb_try_coalesce() may copy into it when
    /// it is a receive queue's tail (skb_tailroom(); 0 for a nonlinear skb).
    /// </summary>
    public int CoalesceTailroom { get; set; }

    /// <summary>
    /// A local TCP sender's clone (tcp_transmit_skb() → skb_clone): skb_cloned() stays true, and skb_try_coalesce()
    /// refuses it as a tail, until the sender frees its original when the data is acknowledged.
    /// </summary>
    public bool SenderClone { get; set; }

    /// <summary>True when the payload sits in page fragments and the head holds only headers (a local TCP sender's skb).</summary>
    public bool PayloadInFrags { get; set; }

    /// <summary>Page fragments the data would occupy in the skb it coalesces into (nr_frags, MAX_SKB_FRAGS 17).</summary>
    public int CoalesceFrags { get; set; }

    /// <summary>The bytes from data to tail.</summary>
    public Span<byte> DataSpan => Buffer.AsSpan(Data, HeadLength);

    /// <summary>skb->protocol (ethertype, host order).</summary>
    public ushort Protocol { get; set; }

    /// <summary>skb->pkt_type.</summary>
    public PacketType PktType { get; set; }

    /// <summary>skb->ip_summed.</summary>
    public ChecksumStatus IpSummed { get; set; }

    /// <summary>skb->hash (the NIC's RSS hash when <see cref="L4Hash"/>).</summary>
    public uint Hash { get; set; }

    /// <summary>skb->l4_hash: the hash covers the 4-tuple.</summary>
    public bool L4Hash { get; set; }

    /// <summary>The device it arrived on (skb->dev).</summary>
    public NetDeviceCore? Dev { get; set; }

    /// <summary>RX queue it arrived on (skb_get_rx_queue), -1 if none.</summary>
    public int RxQueue { get; set; } = -1;

    /// <summary>skb->napi_id: the NAPI that received it (skb_mark_napi_id), 0 if none (a non-NAPI driver).</summary>
    public int NapiId { get; internal set; }

    /// <summary>The NAPI whose in-flight count holds this packet while it is in the protocol actors (see NapiStruct.PipelineEnter).</summary>
    internal NapiStruct? PipelineNapi { get; set; }

    /// <summary>CPU currently processing it.</summary>
    public int Cpu { get; set; } = -1;

    /// <summary>Offset of the MAC header.</summary>
    public int MacHeader { get; set; }

    /// <summary>Offset of the network header.</summary>
    public int NetworkHeader { get; set; }

    /// <summary>Offset of the transport header.</summary>
    public int TransportHeader { get; set; }

    /// <summary>When the NIC wrote it (model time, ns).</summary>
    public long TstampNanos { get; set; }

    /// <summary>The span of the last hop, parent of the next one (the skb never leaves the process).</summary>
    public ActivityContext Trace { get; set; }

    /// <summary>True for a clone made for a tap: it shares data and is not a packet of its own.</summary>
    public bool IsClone { get; private set; }

    /// <summary>Actor id of the current owner (set when the skb is enqueued to an actor).</summary>
    public int Owner { get; internal set; }

    /// <summary>True from allocation until freed.</summary>
    public bool IsLive { get; private set; }

    SkBuff? ISkbMessage.Skb => this;

    /// <summary>skb_reserve(): make headroom in an empty skb.</summary>
    public void Reserve(int length)
    {
        if (Length != 0 || Tail + length > End || length < 0)
        {
            throw new InvalidOperationException($"skb_reserve({length}) on skb {Id} with len {Length}, tailroom {Tailroom}.");
        }

        Data += length;
        Tail += length;
    }

    /// <summary>skb_put(): extend the data at the tail; returns the new area.</summary>
    public Span<byte> Put(int length)
    {
        if (length < 0 || length > Tailroom)
        {
            throw new InvalidOperationException($"skb_put({length}) over panic on skb {Id}: tailroom {Tailroom}.");
        }

        int at = Tail;
        Tail += length;
        return Buffer.AsSpan(at, length);
    }

    /// <summary>skb_push(): extend the data at the head; returns the new start.</summary>
    public Span<byte> Push(int length)
    {
        if (length < 0 || length > Headroom)
        {
            throw new InvalidOperationException($"skb_push({length}) under panic on skb {Id}: headroom {Headroom}.");
        }

        Data -= length;
        return Buffer.AsSpan(Data, length);
    }

    /// <summary>skb_pull(): remove bytes from the start of data. False (nothing changes) when fewer are present.</summary>
    public bool Pull(int length)
    {
        if (length < 0 || length > HeadLength)
        {
            return false;
        }

        Data += length;
        return true;
    }

    /// <summary>pskb_trim(): cut the data to <paramref name="length"/> bytes. False if it is shorter already.</summary>
    public bool Trim(int length)
    {
        if (length < 0 || length > Length)
        {
            return false;
        }

        if (DataLen > 0)
        {
            // A GRO aggregate's lengths were rewritten at completion to match; trimming into the frag_list is not
            // modelled (pskb_trim would), so only "already that long" is accepted.
            return length == Length;
        }

        Tail = Data + length;
        return true;
    }

    /// <summary>Moves data to an absolute offset (e.g. back to the network header).</summary>
    public void SetData(int offset)
    {
        if (offset < 0 || offset > Tail)
        {
            throw new ArgumentOutOfRangeException(nameof(offset));
        }

        Data = offset;
    }

    internal void Init(long id, SkbShared shared, int end, int truesize, bool isClone)
    {
        Id = id;
        _shared = shared;
        Data = 0;
        Tail = 0;
        End = end;
        Truesize = truesize;
        IsClone = isClone;
        IsLive = true;
        Protocol = 0;
        PktType = PacketType.Host;
        IpSummed = ChecksumStatus.None;
        Hash = 0;
        L4Hash = false;
        Dev = null;
        RxQueue = -1;
        NapiId = 0;
        PipelineNapi = null;
        Cpu = -1;
        MacHeader = NetworkHeader = TransportHeader = 0;
        TstampNanos = 0;
        Trace = default;
        Owner = 0;
        DataLen = 0;
        FragList = null;
        FragNext = null;
        GsoSize = 0;
        Segments = 1;
        CoalesceTruesize = 0;
        CoalesceFrags = 0;
        PayloadInFrags = false;
        CoalesceTailroom = 0;
        SenderClone = false;
        Array.Clear(_stamps);
    }

    /// <summary>Stamps latency point <paramref name="stage"/> at model time <paramref name="nanos"/>.</summary>
    public void Stamp(Latency.LatencyStage stage, long nanos) => _stamps[(int)stage] = nanos;

    /// <summary>When this skb passed <paramref name="stage"/> (0 if it did not).</summary>
    public long StampOf(Latency.LatencyStage stage) => _stamps[(int)stage];

    internal void CopyHeaderFrom(SkBuff other)
    {
        Data = other.Data;
        Tail = other.Tail;
        Protocol = other.Protocol;
        PktType = other.PktType;
        IpSummed = other.IpSummed;
        Hash = other.Hash;
        L4Hash = other.L4Hash;
        Dev = other.Dev;
        RxQueue = other.RxQueue;
        NapiId = other.NapiId;
        Cpu = other.Cpu;
        MacHeader = other.MacHeader;
        NetworkHeader = other.NetworkHeader;
        TransportHeader = other.TransportHeader;
        TstampNanos = other.TstampNanos;
        Trace = other.Trace;
    }

    internal SkbShared DetachPeek() => _shared ?? throw new InvalidOperationException($"skb {Id} has been freed.");

    internal SkbShared? Detach()
    {
        if (!IsLive)
        {
            throw new InvalidOperationException($"skb {Id} freed twice.");
        }

        IsLive = false;
        var shared = _shared;
        _shared = null;
        return shared;
    }

    /// <inheritdoc />
    public override string ToString() => $"skb {Id} len {Length} truesize {Truesize}";
}
