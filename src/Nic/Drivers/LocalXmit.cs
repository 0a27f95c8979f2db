using System.Buffers.Binary;
using ActorStack.Engine;
using ActorStack.Softirq;
using ActorStack.Softirq.Latency;
using ActorStack.Softirq.Skb;

namespace ActorStack.Nic.Drivers;

/// <summary>
/// loopback_xmit() / veth_xmit() for a sender on this host: the sender's skb (truesize as the sender allocated it)
/// goes to __netif_rx() on the sending CPU, so enqueue_to_backlog() and the NET_RX softirq run there (or on the RPS
/// CPU). A refused skb is NET_RX_DROP: veth counts it as the sending device's TX drop and the sender sees
/// NET_XMIT_DROP, which udp_send_skb() counts as SndbufErrors and ip_send_skb() as OutDiscards; loopback_xmit()
/// ignores it, so a loopback sender counts the datagram as sent. A loopback sender shares the receiver's namespace
/// and its MIBs; a veth sender sits in the peer namespace, whose counters are kept here.
/// </summary>
/// <remarks>Kernel: drivers/net/loopback.c loopback_xmit(), drivers/net/veth.c veth_xmit(), veth_forward_skb().</remarks>
public sealed class LocalXmit : IFrameSink
{
    private readonly NetDevice _device;
    private readonly NetStack _stack;
    private readonly WireFramePool _wire;

    /// <summary>The xmit of <paramref name="device"/>'s software driver.</summary>
    public LocalXmit(NetDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (!device.Options.Profile.SenderCpuReceives)
        {
            throw new ArgumentException($"{device.Options.Profile.Name} is not a software device.", nameof(device));
        }

        _device = device;
        _stack = device.Stack;
        _wire = device.Wire;
    }

    private long _peerOutDatagrams;
    private long _peerSndbufErrors;

    /// <summary>Datagrams the sender's xmit could not hand over (NET_XMIT_DROP).</summary>
    public long Refused => _device.Core.PeerTxDropped;

    /// <summary>veth: the sending namespace's Udp OutDatagrams.</summary>
    public long PeerOutDatagrams => Interlocked.Read(ref _peerOutDatagrams);

    /// <summary>veth: the sending namespace's Udp SndbufErrors (= Ip OutDiscards there).</summary>
    public long PeerSndbufErrors => Interlocked.Read(ref _peerSndbufErrors);

    /// <inheritdoc />
    public void Transmit(WireFrame frame, ICpuContext? sender)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(sender);
        var cpu = _stack.Cpus[sender.Placement.Cpu];
        var span = _stack.Tracer.StartRoot(_device.Options.Profile.Kind == DriverKind.Loopback ? "loopback_xmit" : "veth_xmit", 0, frame.Span);
        var skb = BuildSkb(frame, sender.Clock.NowNanos);
        skb.Trace = span?.Context ?? default;
        _stack.Tracer.End(span);
        int length = frame.Length;
        // Only a UDP sender's datagrams are Udp OutDatagrams / SndbufErrors; TCP segments count nowhere here.
        bool udp = IpProtocol(frame.Span) == 17;
        _wire.Return(frame);
        if (!EthTypeTrans(skb))
        {
            _stack.KfreeSkb(skb, SkbDropReason.PktTooSmall);
            return;
        }

        bool loopback = _device.Options.Profile.Kind == DriverKind.Loopback;
        if (loopback && udp)
        {
            _stack.Snmp.Udp.Inc(Softirq.Snmp.UdpMibField.OutDatagrams);
        }

        if (cpu.NetifRxFromTask(sender, skb))
        {
            // dev_lstats_add() (loopback) and the sender's tx stats that veth reports as the peer's rx: on success only.
            _device.Queues[0].Stats.CountPacket(length);
            if (!loopback && udp)
            {
                Interlocked.Increment(ref _peerOutDatagrams);
            }
        }
        else if (!loopback)
        {
            _device.Core.IncPeerTxDropped();
            if (udp)
            {
                Interlocked.Increment(ref _peerSndbufErrors);
            }
        }
    }

    // The skb the sender built: a linear head holding the whole frame, charged the sender's truesize; loopback and
    // veth leave the checksum unverified but trusted (CHECKSUM_PARTIAL / skb_csum_unnecessary()).
    private SkBuff BuildSkb(WireFrame frame, long now)
    {
        var skb = _stack.Pool.AllocSkb(frame.Length);
        frame.Span.CopyTo(skb.Buffer.AsSpan(0, frame.Length));
        skb.Put(frame.Length);
        SetSenderLayout(skb, frame.Span);
        skb.TstampNanos = now;
        skb.Stamp(LatencyStage.Wire, frame.SentNanos);
        skb.Stamp(LatencyStage.Dma, now);
        skb.Stamp(LatencyStage.NapiPoll, now);
        // Not recorded (veth without NAPI, loopback): get_rps_cpu() uses the device's first RX queue.
        skb.RxQueue = 0;
        skb.Dev = _device.Core;
        skb.IpSummed = ChecksumStatus.Unnecessary;
        // No NIC computed a hash: get_rps_cpu()'s skb_get_hash() makes a software flow hash of the 4-tuple (jhash
        // with a boot-time random seed). A Toeplitz hash of the same tuple stands in for it: per flow, never 0.
        var (hash, l4) = NicRxQueue.RssHashOf(frame.Span, _device.Options.RssKey);
        skb.Hash = hash == 0 ? 1u : hash;
        skb.L4Hash = l4;
        return skb;
    }

    // The sender's allocation, which loopback and veth pass on unchanged. UDP (__ip_append_data): one kmalloc'ed or
    // small-slab head holding the datagram, which skb_try_coalesce() cannot steal. TCP (tcp_stream_alloc_skb +
    // skb_copy_to_page_nocache): a small head for the headers, the payload copied into the socket's page fragment and
    // added to truesize; moving that fragment costs only the payload.
    private static void SetSenderLayout(SkBuff skb, ReadOnlySpan<byte> frame)
    {
        const int EthIpLength = 14 + 20;
        if (IpProtocol(frame) == 6 && frame.Length >= EthIpLength + 20)
        {
            int headerLength = (frame[EthIpLength + 12] >> 4) * 4;
            int payload = Math.Max(0, frame.Length - EthIpLength - headerLength);
            int head = SkbConstants.AllocSkbTruesize(0);
            skb.Truesize = head + payload;
            skb.CoalesceTruesize = payload;
            skb.CoalesceFrags = payload > 0 ? 1 : 0;
            skb.PayloadInFrags = payload > 0;
            // The receiver holds a clone of the skb on the sender's write queue until the data is acknowledged.
            skb.SenderClone = payload > 0;
            return;
        }

        skb.Truesize = DriverProfile.LocalUdpTruesize(frame.Length);
        skb.CoalesceTruesize = 0;
        skb.CoalesceFrags = 0;
    }

    // The IPv4 header's protocol byte of an Ethernet frame (0 if the frame is too short to have one).
    private static byte IpProtocol(ReadOnlySpan<byte> frame) => frame.Length > 23 ? frame[23] : (byte)0;

    // eth_type_trans() as loopback_xmit and veth_forward_skb (via __dev_forward_skb) call it.
    private bool EthTypeTrans(SkBuff skb)
    {
        if (skb.Length < 14)
        {
            return false;
        }

        var data = skb.DataSpan;
        skb.MacHeader = skb.Data;
        skb.PktType = (data[0] & 1) != 0 ? PacketType.Multicast : PacketType.Host;
        skb.Protocol = BinaryPrimitives.ReadUInt16BigEndian(data[12..]);
        skb.Pull(14);
        skb.NetworkHeader = skb.Data;
        return true;
    }
}
