using System.Buffers.Binary;
using ActorStack.Softirq.Skb;

namespace ActorStack.Softirq.Gro;

/// <summary>
/// A NAPI's GRO state (struct gro_node): held packets in GRO_HASH_BUCKETS (8) lists of at most MAX_GRO_SKBS (8),
/// bucket = hash &amp; 7. napi_gro_receive() merges a packet into a held one of the same flow, holds it as a new flow,
/// or passes it up as it is. Modelled offloads: IPv4 (inet_gro_receive), TCP (tcp_gro_receive) and UDP
/// (udp4_gro_receive → udp_gro_receive_segment) for sockets that set UDP_GRO.
/// Held packets are completed at the end of every NAPI poll (napi_complete_done, or budget used with HZ &lt; 1000),
/// when a flow stops matching, or when a full bucket needs room (the oldest goes).
/// </summary>
/// <remarks>Kernel: net/core/gro.c dev_gro_receive(), gro_flush_oldest(); net/ipv4/af_inet.c; net/ipv4/udp_offload.c.</remarks>
public sealed class GroNode
{
    private const int Buckets = 8;
    private const int MaxPerBucket = 8;
    private const int UdpGroCntMax = 64;
    private const int GroMaxSize = 65536;

    // Held aggregates per bucket, oldest first. Fixed arrays: GRO allocates nothing per packet.
    private readonly SkBuff?[][] _held = Enumerable.Range(0, Buckets).Select(_ => new SkBuff?[MaxPerBucket]).ToArray();
    private readonly int[] _count = new int[Buckets];
    private readonly SkBuff?[] _lastInChain = new SkBuff?[Buckets * MaxPerBucket];

    // NAPI_GRO_CB(skb)->age: the jiffy each held packet arrived in.
    private readonly long[] _age = new long[Buckets * MaxPerBucket];

    /// <summary>Packets merged into another (GRO_MERGED_FREE/MERGED): what ethtool-like stats would call gro_merged.</summary>
    public long Merged { get; private set; }

    /// <summary>Aggregates of two or more packets completed.</summary>
    public long Aggregates { get; private set; }

    /// <summary>Packets held right now.</summary>
    public int HeldCount { get; private set; }

    /// <summary>napi_gro_receive() for <paramref name="skb"/> (data at the IPv4 header).</summary>
    internal void Receive(NapiContext cpu, SkBuff skb)
    {
        cpu.Spend(cpu.Stack.Costs.GroReceive);
        if (!TryParse(cpu.Stack, skb, out var key))
        {
            // GRO_NORMAL: not something the offloads merge.
            cpu.DeliverGroNormal(skb);
            return;
        }

        int bucket = (int)(skb.Hash & (Buckets - 1));
        if (key.Tcp)
        {
            ReceiveTcp(cpu, bucket, skb, key);
            return;
        }

        var held = _held[bucket];
        for (int i = 0; i < _count[bucket]; i++)
        {
            var p = held[i]!;
            if (!SameFlow(p, skb, key))
            {
                continue;
            }

            // udp_gro_receive_segment(): a longer segment, or a network-header mismatch, completes the held one.
            int heldSegment = p.GsoSize;
            bool networkFlush = NetworkFlush(p, skb);
            if (key.Payload > heldSegment || networkFlush || p.Length + key.Payload >= GroMaxSize)
            {
                Complete(cpu, bucket, i);
                break;
            }

            Merge(bucket, i, p, skb, key);
            if (key.Payload != heldSegment || p.Segments >= UdpGroCntMax)
            {
                // A shorter segment ends the aggregate (it was merged as its last), so does the count limit.
                Complete(cpu, bucket, i);
            }

            return;
        }

        Hold(cpu, bucket, skb, key);
    }

    /// <summary>
    /// napi_gro_flush(): completes the held packets, oldest first per bucket; with <paramref name="oldOnly"/> only
    /// those that arrived before the current jiffy (what a NAPI that postpones its interrupt keeps doing).
    /// </summary>
    internal void Flush(NapiContext cpu, bool oldOnly = false)
    {
        long now = cpu.Stack.Options.Jiffies(cpu.NowNanos);
        for (int bucket = 0; bucket < Buckets; bucket++)
        {
            while (_count[bucket] > 0 && (!oldOnly || _age[bucket * MaxPerBucket] != now))
            {
                Complete(cpu, bucket, 0);
            }
        }
    }

    // tcp_gro_receive(): merge in-sequence segments of one flow whose headers agree; a short segment or one with
    // URG/PSH/RST/SYN/FIN ends the aggregate (merged as its last); anything that does not fit completes the held one
    // and goes up alone.
    private void ReceiveTcp(NapiContext cpu, int bucket, SkBuff skb, FlowKey key)
    {
        const byte fin = 0x01, syn = 0x02, rst = 0x04, psh = 0x08, urg = 0x20, cwr = 0x80;
        var th = skb.DataSpan[20..];
        byte flags = th[13];
        bool endsAggregate = key.Payload < 1 || (flags & (urg | psh | rst | syn | fin)) != 0;
        var held = _held[bucket];
        for (int i = 0; i < _count[bucket]; i++)
        {
            var p = held[i]!;
            if (!SameFlow(p, skb, key))
            {
                continue;
            }

            var th2 = p.DataSpan[20..];
            int headerLength = key.TcpHeader;
            uint heldEnd = BinaryPrimitives.ReadUInt32BigEndian(th2[4..]) + (uint)(p.Length - 20 - headerLength);
            bool mismatch = NetworkFlush(p, skb)
                || (flags & cwr) != 0
                || ((flags ^ th2[13]) & ~(fin | psh)) != 0
                || BinaryPrimitives.ReadUInt32BigEndian(th[8..]) != BinaryPrimitives.ReadUInt32BigEndian(th2[8..])
                || headerLength != ((th2[12] >> 4) * 4)
                || !th[20..headerLength].SequenceEqual(th2[20..headerLength])
                || key.Payload > p.GsoSize
                || BinaryPrimitives.ReadUInt32BigEndian(th[4..]) != heldEnd
                || key.Payload < 1
                || p.Length + key.Payload >= GroMaxSize;
            if (mismatch)
            {
                Complete(cpu, bucket, i);
                cpu.DeliverGroNormal(skb);
                return;
            }

            // The aggregate's header collects FIN and PSH from the segments merged into it.
            th2[13] |= (byte)(flags & (fin | psh));
            Merge(bucket, i, p, skb, key);
            if (endsAggregate || key.Payload < p.GsoSize)
            {
                Complete(cpu, bucket, i);
            }

            return;
        }

        if (endsAggregate)
        {
            // Such a segment starting a flow goes up at once.
            cpu.DeliverGroNormal(skb);
            return;
        }

        Hold(cpu, bucket, skb, key);
    }

    private static bool TryParse(NetStack stack, SkBuff skb, out FlowKey key)
    {
        key = default;
        var ip = skb.DataSpan;
        // inet_gro_receive(): IPv4 without options, not a fragment, good header checksum; TCP or UDP with a checksum
        // the NIC validated.
        if (skb.Protocol != 0x0800 || ip.Length < 28 || ip[0] != 0x45 || (BinaryPrimitives.ReadUInt16BigEndian(ip[6..]) & 0x3fff) != 0 ||
            InetChecksum.Fold(InetChecksum.Add(ip[..20])) != 0 || skb.IpSummed != ChecksumStatus.Unnecessary)
        {
            return false;
        }

        if (ip[9] == 6)
        {
            return TryParseTcp(skb, ip, out key);
        }

        if (ip[9] != 17)
        {
            return false;
        }

        int totalLength = BinaryPrimitives.ReadUInt16BigEndian(ip[2..]);
        int ulen = BinaryPrimitives.ReadUInt16BigEndian(ip[24..]);
        ushort check = BinaryPrimitives.ReadUInt16BigEndian(ip[26..]);
        // Padded or malicious packets, or no checksum (GSO symmetry): not merged.
        if (totalLength != skb.Length || ulen <= 8 || ulen != totalLength - 20 || check == 0)
        {
            return false;
        }

        uint saddr = BinaryPrimitives.ReadUInt32BigEndian(ip[12..]);
        uint daddr = BinaryPrimitives.ReadUInt32BigEndian(ip[16..]);
        uint ports = BinaryPrimitives.ReadUInt32BigEndian(ip[20..]);
        // udp_gro_receive(): only for a socket that asked for UDP_GRO (found by udp4_gro_lookup_skb).
        if (stack.UdpGroEnabled is not { } enabled || !enabled(daddr, (ushort)ports))
        {
            return false;
        }

        key = new FlowKey(saddr, daddr, ports, ulen - 8, Tcp: false, TcpHeader: 0);
        return true;
    }

    private static bool TryParseTcp(SkBuff skb, ReadOnlySpan<byte> ip, out FlowKey key)
    {
        key = default;
        int totalLength = BinaryPrimitives.ReadUInt16BigEndian(ip[2..]);
        if (ip.Length < 40 || totalLength != skb.Length)
        {
            return false;
        }

        int headerLength = (ip[32] >> 4) * 4;
        if (headerLength < 20 || 20 + headerLength > ip.Length || 20 + headerLength > totalLength)
        {
            return false;
        }

        key = new FlowKey(
            BinaryPrimitives.ReadUInt32BigEndian(ip[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(ip[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(ip[20..]),
            totalLength - 20 - headerLength,
            Tcp: true,
            TcpHeader: headerLength);
        return true;
    }

    private static bool SameFlow(SkBuff p, SkBuff skb, FlowKey key)
    {
        if (p.Hash != skb.Hash)
        {
            return false;
        }

        var held = p.DataSpan;
        return BinaryPrimitives.ReadUInt32BigEndian(held[12..]) == key.Saddr &&
               BinaryPrimitives.ReadUInt32BigEndian(held[16..]) == key.Daddr &&
               BinaryPrimitives.ReadUInt32BigEndian(held[20..]) == key.Ports &&
               held[9] == (key.Tcp ? 6 : 17);
    }

    // gro_receive_network_flush(): TTL or TOS differ, or the IP ID is neither +1 per segment nor fixed.
    private static bool NetworkFlush(SkBuff p, SkBuff skb)
    {
        var a = p.DataSpan;
        var b = skb.DataSpan;
        if (a[8] != b[8] || a[1] != b[1])
        {
            return true;
        }

        ushort heldId = BinaryPrimitives.ReadUInt16BigEndian(a[4..]);
        ushort newId = BinaryPrimitives.ReadUInt16BigEndian(b[4..]);
        return newId != (ushort)(heldId + p.Segments) && newId != heldId;
    }

    private void Hold(NapiContext cpu, int bucket, SkBuff skb, FlowKey key)
    {
        if (_count[bucket] == MaxPerBucket)
        {
            // gro_flush_oldest(): a new flow in a full bucket completes the oldest held one.
            Complete(cpu, bucket, 0);
        }

        skb.GsoSize = key.Payload;
        _held[bucket][_count[bucket]] = skb;
        _lastInChain[(bucket * MaxPerBucket) + _count[bucket]] = null;
        _age[(bucket * MaxPerBucket) + _count[bucket]] = cpu.Stack.Options.Jiffies(cpu.NowNanos);
        _count[bucket]++;
        HeldCount++;
    }

    // skb_gro_receive() on the frag_list path: chain the new skb, its data pulled to the transport payload.
    private void Merge(int bucket, int index, SkBuff p, SkBuff skb, FlowKey key)
    {
        skb.Pull(20 + (key.Tcp ? key.TcpHeader : 8));
        ref var last = ref _lastInChain[(bucket * MaxPerBucket) + index];
        if (last is null)
        {
            p.FragList = skb;
        }
        else
        {
            last.FragNext = skb;
        }

        last = skb;
        p.DataLen += key.Payload;
        p.Truesize += skb.Truesize;
        // A frag_list skb is one skb_try_coalesce() refuses, either way round.
        p.CoalesceTruesize = 0;
        p.CoalesceTailroom = 0;
        p.Segments++;
        Merged++;
    }

    private void Complete(NapiContext cpu, int bucket, int index)
    {
        var held = _held[bucket];
        var p = held[index]!;
        // Close the gap, keeping the bucket's oldest-first order.
        for (int i = index; i < _count[bucket] - 1; i++)
        {
            held[i] = held[i + 1];
            _lastInChain[(bucket * MaxPerBucket) + i] = _lastInChain[(bucket * MaxPerBucket) + i + 1];
            _age[(bucket * MaxPerBucket) + i] = _age[(bucket * MaxPerBucket) + i + 1];
        }

        _count[bucket]--;
        HeldCount--;
        held[_count[bucket]] = null;
        if (p.Segments > 1)
        {
            // inet_gro_complete() / udp4_gro_complete(): lengths cover the whole aggregate, header checksum redone.
            var ip = p.DataSpan;
            BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)p.Length);
            BinaryPrimitives.WriteUInt16BigEndian(ip[10..], 0);
            BinaryPrimitives.WriteUInt16BigEndian(ip[10..], InetChecksum.Fold(InetChecksum.Add(ip[..20])));
            if (ip[9] == 17)
            {
                BinaryPrimitives.WriteUInt16BigEndian(ip[24..], (ushort)(p.Length - 20));
            }

            Aggregates++;
            cpu.Stack.Tracer.RecordGroMerge(p);
        }
        else
        {
            p.GsoSize = 0;
        }

        cpu.DeliverGroNormal(p);
    }

    private readonly record struct FlowKey(uint Saddr, uint Daddr, uint Ports, int Payload, bool Tcp, int TcpHeader);
}
