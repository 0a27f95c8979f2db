using System.Buffers.Binary;
using ActorStack.Actors;
using ActorStack.Softirq;
using ActorStack.Softirq.Skb;

namespace ActorStack.Nic;

/// <summary>
/// The hardware side of one RX queue: takes frames off the wire, DMAs them into posted ring buffers with the
/// write-back metadata (length, RSS hash, checksum status), sets DD, and raises the MSI-X vector unless masked.
/// The vector auto-masks when it fires and is unmasked only by the driver after napi_complete_done.
/// </summary>
public sealed class NicRxQueue : Actor<NicMsg>
{
    private readonly RxQueue _queue;
    private readonly NetStack _stack;
    private bool _irqMasked;

    private NicRxQueue(RxQueue queue, NetStack stack)
    {
        _queue = queue;
        _stack = stack;
    }

    internal static Props<NicMsg> Props(RxQueue queue, NetStack stack) =>
        new Props<NicMsg>(() => new NicRxQueue(queue, stack)).WithLifecycle(new WireLifecycle(queue));

    /// <inheritdoc />
    protected override void Receive(NicMsg message)
    {
        switch (message.Kind)
        {
            case NicMsgKind.Frame:
                Dma(message.Frame!);
                break;
            case NicMsgKind.IrqEnable:
                _irqMasked = false;
                // A cause that arrived while masked is delivered on unmask (MSI-X pending bit).
                if (_queue.Ring.Pending > 0)
                {
                    RaiseIrq();
                }

                break;
        }
    }

    private void Dma(WireFrame frame)
    {
        var ring = _queue.Ring;
        var stats = _queue.Stats;
        var span = _stack.Tracer.StartRoot("nic_rx_dma", _queue.Index, frame.Length);
        if (!ring.HardwareHasBuffer)
        {
            // No posted descriptor: the frame dies in the NIC FIFO. The host only sees rx_missed_errors.
            stats.CountMissed();
            _stack.Ledger.CountDrop(SkbDropReason.FullRing);
            Softirq.Tracing.SkbTracer.RecordDrop(span, SkbDropReason.FullRing);
            _stack.Tracer.End(span);
            _queue.Wire.Return(frame);
            return;
        }

        ref var descriptor = ref ring.HardwareHead;
        frame.Span.CopyTo(descriptor.Buffer.AsSpan(_queue.Headroom));
        descriptor.Length = frame.Length;
        descriptor.TstampNanos = Context.Clock.NowNanos;
        Offload(frame.Span, ref descriptor);
        descriptor.Trace = span?.Context ?? default;
        _stack.Tracer.End(span);
        stats.CountPacket(frame.Length);
        ring.HardwareWriteBack();
        _queue.Wire.Return(frame);
        if (!_irqMasked)
        {
            RaiseIrq();
        }
    }

    /// <summary>The Toeplitz hash the NIC computes for a frame (4-tuple for TCP/UDP, else 2-tuple, 0 if not IPv4).</summary>
    internal static uint RssHashOf(ReadOnlySpan<byte> frame, byte[] key)
    {
        if (frame.Length < 34 || BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) != 0x0800)
        {
            return 0;
        }

        var ip = frame[14..];
        int ihl = (ip[0] & 0x0f) * 4;
        uint saddr = BinaryPrimitives.ReadUInt32BigEndian(ip[12..]);
        uint daddr = BinaryPrimitives.ReadUInt32BigEndian(ip[16..]);
        bool fragment = (BinaryPrimitives.ReadUInt16BigEndian(ip[6..]) & 0x3fff) != 0;
        if (!fragment && (ip[9] == 17 || ip[9] == 6) && ihl >= 20 && ip.Length >= ihl + 4)
        {
            var ports = ip[ihl..];
            return Toeplitz.HashIpv4(key, saddr, daddr, BinaryPrimitives.ReadUInt16BigEndian(ports), BinaryPrimitives.ReadUInt16BigEndian(ports[2..]));
        }

        return Toeplitz.HashIpv4(key, saddr, daddr);
    }

    private void RaiseIrq()
    {
        _irqMasked = true;
        _queue.Stats.CountInterrupt();
        _queue.Poller.Tell(SoftirqMsg.HardIrq(_queue.Vector));
    }

    // What the NIC's parser computes for the write-back descriptor: RSS hash and L4 checksum verdict.
    private void Offload(ReadOnlySpan<byte> frame, ref RxDescriptor descriptor)
    {
        descriptor.RssHash = 0;
        descriptor.L4Hash = false;
        descriptor.L4ChecksumGood = false;
        if (frame.Length < 14 + 20 || BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) != 0x0800)
        {
            return;
        }

        var ip = frame[14..];
        int ihl = (ip[0] & 0x0f) * 4;
        if (ip[0] >> 4 != 4 || ihl < 20 || ip.Length < ihl)
        {
            return;
        }

        uint saddr = BinaryPrimitives.ReadUInt32BigEndian(ip[12..]);
        uint daddr = BinaryPrimitives.ReadUInt32BigEndian(ip[16..]);
        int totalLength = BinaryPrimitives.ReadUInt16BigEndian(ip[2..]);
        bool fragment = (BinaryPrimitives.ReadUInt16BigEndian(ip[6..]) & 0x3fff) != 0;
        byte protocol = ip[9];
        var options = _queue.Options;
        bool l4 = !fragment && (protocol == 17 || protocol == 6) && ip.Length >= ihl + 4;
        if (l4)
        {
            var ports = ip[ihl..];
            descriptor.RssHash = Toeplitz.HashIpv4(options.RssKey, saddr, daddr,
                BinaryPrimitives.ReadUInt16BigEndian(ports), BinaryPrimitives.ReadUInt16BigEndian(ports[2..]));
            descriptor.L4Hash = true;
        }
        else
        {
            descriptor.RssHash = Toeplitz.HashIpv4(options.RssKey, saddr, daddr);
        }

        if (!options.RxChecksumOffload || protocol != 17 || fragment || totalLength > ip.Length || totalLength < ihl + 8)
        {
            return;
        }

        var udp = ip[ihl..totalLength];
        if (BinaryPrimitives.ReadUInt16BigEndian(udp[6..]) == 0)
        {
            // No checksum sent: nothing to verify, the stack accepts it as is.
            descriptor.L4ChecksumGood = true;
            return;
        }

        uint sum = InetChecksum.PseudoHeader(saddr, daddr, 17, udp.Length);
        if (InetChecksum.Fold(InetChecksum.Add(udp, sum)) == 0)
        {
            descriptor.L4ChecksumGood = true;
        }
        else
        {
            _queue.Stats.CountChecksumError();
        }
    }

    /// <summary>A frame lost in the NIC's own mailbox (fault or stop) is a hardware drop, never a silent loss.</summary>
    private sealed class WireLifecycle(RxQueue queue) : IMessageLifecycle<NicMsg>
    {
        public void OnEnqueued(in NicMsg message, int target)
        {
        }

        public void OnMailboxOverflow(in NicMsg message, int actorId, string actorName) => Lose(message);

        public void OnFaulted(in NicMsg message, int actorId, string actorName, Exception error) => Lose(message);

        public void OnDeadLetter(in NicMsg message, int actorId, string actorName) => Lose(message);

        private void Lose(in NicMsg message)
        {
            if (message.Frame is { Length: > 0 } frame)
            {
                queue.Stack.Ledger.CountDrop(SkbDropReason.NotSpecified);
                queue.Wire.Return(frame);
            }
        }
    }
}
