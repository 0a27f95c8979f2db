using System.Buffers.Binary;
using ActorStack.Engine;
using ActorStack.Softirq;
using ActorStack.Softirq.Skb;
using ActorStack.Softirq.Tracing;
using Serilog.Events;

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

    // Interrupt moderation: completions not yet signalled, when the first of them was written, and the throttle timer.
    private int _unsignalled;
    private long _firstUnsignalledAt = -1;
    private int _packetsSinceIrq;
    private long _lastIrqAt = -1;
    private ActorTimer<NicMsg>? _coalesceTimer;
    private int _adaptiveUsecs;

    private NicRxQueue(RxQueue queue, NetStack stack)
    {
        _queue = queue;
        _stack = stack;
    }

    /// <summary>
    /// Frames the port can hold before the queue's DMA engine takes them: the NIC's receive FIFO. A frame arriving to a
    /// full FIFO is lost in the NIC (<c>rx_missed_errors</c>, as for a full ring). Deterministic runs never fill it (a
    /// burst is at most a few thousand frames); a live run whose host cannot keep up with the wire does, instead of
    /// queueing frames without bound.
    /// </summary>
    internal const int PortFifoFrames = 16384;

    internal static Props<NicMsg> Props(RxQueue queue, NetStack stack) =>
        new Props<NicMsg>(() => new NicRxQueue(queue, stack)).WithLifecycle(new WireLifecycle(queue)).WithBoundedMailbox(PortFifoFrames);

    /// <inheritdoc />
    protected override void PreStart() => _coalesceTimer = Cpu.CreateTimer(Self, NicMsg.CoalesceTimer);

    /// <inheritdoc />
    protected override void Receive(NicMsg message)
    {
        switch (message)
        {
            case WireFrame frame:
                Dma(frame);
                break;
            case NicMsg.IrqEnableWrite:
                _irqMasked = false;
                if (_stack.ShouldLog(LogEventLevel.Debug))
                {
                    _stack.Log.Debug("{dev}: rx_queue {rx_queue} irq unmasked ({irq_name})", _queue.Device.Core.Name, _queue.Index, _queue.Vector.IrqName);
                }

                // A cause that arrived while masked is delivered on unmask (MSI-X pending bit).
                if (_queue.Ring.Pending > 0)
                {
                    RaiseIrq();
                }

                break;
            case NicMsg.ThrottleTimerExpiry:
                if (!_irqMasked && _unsignalled > 0 && _queue.Options.Napi)
                {
                    RaiseIrq();
                }

                break;
        }
    }

    /// <summary>
    /// Interrupt moderation (ethtool -C): interrupt when rx-frames completions wait or the oldest waiting one is
    /// rx-usecs old. Adaptive mode picks rx-usecs itself from the packets seen per interrupt.
    /// </summary>
    private void Moderate()
    {
        var options = _queue.Options;
        if (!options.Napi)
        {
            // A legacy driver never masks: each frame raises the vector (merged if one is still pending).
            RaiseIrq();
            return;
        }

        if (_irqMasked)
        {
            return;
        }

        long now = Cpu.Clock.NowNanos;
        _unsignalled++;
        if (_firstUnsignalledAt < 0)
        {
            _firstUnsignalledAt = now;
        }

        int usecs = options.AdaptiveRx ? _adaptiveUsecs : options.RxUsecs;
        long age = now - _firstUnsignalledAt;
        bool framesDue = !options.AdaptiveRx && options.RxFrames > 0 && _unsignalled >= options.RxFrames;
        // rx-usecs 0 means "no time condition"; in adaptive mode a 0 delay means interrupt at once.
        bool timeDue = usecs > 0 ? age >= usecs * 1000L : options.AdaptiveRx;
        if (framesDue || timeDue)
        {
            RaiseIrq();
        }
        else if (usecs > 0 && !_coalesceTimer!.IsArmed)
        {
            _coalesceTimer.Arm((usecs * 1000L) - age);
        }
    }

    private void Dma(WireFrame frame)
    {
        var ring = _queue.Ring;
        var stats = _queue.Stats;
        var span = _stack.Tracer.StartRoot("nic_rx_dma", _queue.Index, frame.Span);
        // The queue depth this frame meets: descriptors the hardware has filled that the driver has not cleaned.
        span?.SetTag(SkbTags.RingUsed, ring.Pending);
        span?.SetTag(SkbTags.RingSize, ring.Size);
        if (!ring.HardwareHasBuffer)
        {
            // No posted descriptor: the frame dies in the NIC FIFO. The host only sees rx_missed_errors.
            stats.CountMissed();
            _stack.Ledger.CountDrop(SkbDropReason.FullRing);
            _stack.Tracepoints.DroppedFrame(frame.Span, SkbDropReason.FullRing, Cpu.Clock.NowNanos);
            _stack.Tracer.RecordDrop(span, SkbDropReason.FullRing);
            _stack.Tracer.End(span);
            _queue.Wire.Return(frame);
            return;
        }

        ref var descriptor = ref ring.HardwareHead;
        frame.Span.CopyTo(descriptor.Buffer.AsSpan(_queue.Headroom));
        descriptor.Length = frame.Length;
        descriptor.TstampNanos = Cpu.Clock.NowNanos;
        descriptor.SentNanos = frame.SentNanos;
        descriptor.RssHash = frame.RssHash;
        descriptor.L4Hash = frame.L4Hash;
        descriptor.L4ChecksumGood = L4ChecksumGood(frame.Span);
        descriptor.Trace = span?.Context ?? default;
        _stack.Tracer.End(span);
        stats.CountPacket(frame.Length);
        ring.HardwareWriteBack();
        _queue.Wire.Return(frame);
        _packetsSinceIrq++;
        Moderate();
    }

    /// <summary>
    /// The Toeplitz hash the NIC's parser computes: over the 4-tuple for unfragmented TCP/UDP, over the addresses for
    /// other IPv4, and none (0) for anything else.
    /// </summary>
    internal static (uint Hash, bool L4) RssHashOf(ReadOnlySpan<byte> frame, byte[] key)
    {
        if (!TryParseIpv4(frame, out var ip, out int ihl, out bool fragment))
        {
            return (0, false);
        }

        uint saddr = BinaryPrimitives.ReadUInt32BigEndian(ip[12..]);
        uint daddr = BinaryPrimitives.ReadUInt32BigEndian(ip[16..]);
        if (!fragment && (ip[9] == 17 || ip[9] == 6) && ip.Length >= ihl + 4)
        {
            var ports = ip[ihl..];
            return (Toeplitz.HashIpv4(key, saddr, daddr, BinaryPrimitives.ReadUInt16BigEndian(ports), BinaryPrimitives.ReadUInt16BigEndian(ports[2..])), true);
        }

        return (Toeplitz.HashIpv4(key, saddr, daddr), false);
    }

    // The IPv4 header the parser can read: Ethernet type IPv4, version 4, a whole header present.
    private static bool TryParseIpv4(ReadOnlySpan<byte> frame, out ReadOnlySpan<byte> ip, out int ihl, out bool fragment)
    {
        ip = default;
        ihl = 0;
        fragment = false;
        if (frame.Length < 14 + 20 || BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) != 0x0800)
        {
            return false;
        }

        ip = frame[14..];
        ihl = (ip[0] & 0x0f) * 4;
        if (ip[0] >> 4 != 4 || ihl < 20 || ip.Length < ihl)
        {
            return false;
        }

        fragment = (BinaryPrimitives.ReadUInt16BigEndian(ip[6..]) & 0x3fff) != 0;
        return true;
    }

    private void RaiseIrq()
    {
        _coalesceTimer!.Cancel();
        if (_queue.Options.AdaptiveRx)
        {
            if (_lastIrqAt >= 0)
            {
                AdaptItr(_packetsSinceIrq, Cpu.Clock.NowNanos - _lastIrqAt);
            }

            _lastIrqAt = Cpu.Clock.NowNanos;
        }

        _packetsSinceIrq = 0;
        _unsignalled = 0;
        _firstUnsignalledAt = -1;
        if (_queue.Options.Napi)
        {
            // MSI-X auto-mask: no more interrupts from this queue until the driver re-enables it.
            _irqMasked = true;
            if (_stack.ShouldLog(LogEventLevel.Debug))
            {
                _stack.Log.Debug("{dev}: rx_queue {rx_queue} irq masked ({irq_name})", _queue.Device.Core.Name, _queue.Index, _queue.Vector.IrqName);
            }
        }
        else if (!_queue.Vector.TrySetPending())
        {
            // Still pending from the last raise: the CPU will take both causes in one interrupt.
            return;
        }

        _queue.Stats.CountInterrupt();
        _queue.IrqCpu.HardIrq.Tell(new IrqMsg(_queue.Vector));
    }

    /// <summary>
    /// Adaptive moderation, ixgbe-like in spirit: judged by the packet rate since the last interrupt. Packets closer
    /// than 2 µs apart (bulk) raise the delay toward 126 µs (IXGBE_ITR_ADAPTIVE_MAX_USECS) so interrupts stay few
    /// under load; packets more than 20 µs apart (latency) lower it toward 0, an interrupt per packet.
    /// </summary>
    private void AdaptItr(int packets, long elapsedNanos)
    {
        long gap = packets > 0 ? elapsedNanos / packets : long.MaxValue;
        if (gap < 2_000)
        {
            _adaptiveUsecs = Math.Min(126, Math.Max(10, _adaptiveUsecs * 2));
        }
        else if (gap > 20_000)
        {
            _adaptiveUsecs = _adaptiveUsecs < 10 ? 0 : _adaptiveUsecs / 2;
        }
    }

    // The checksum offload engine's verdict on a UDP datagram or TCP segment (RX checksum offload, ethtool -K rx).
    private bool L4ChecksumGood(ReadOnlySpan<byte> frame)
    {
        if (!_queue.Options.RxChecksumOffload || !TryParseIpv4(frame, out var ip, out int ihl, out bool fragment))
        {
            return false;
        }

        int totalLength = BinaryPrimitives.ReadUInt16BigEndian(ip[2..]);
        if ((ip[9] != 17 && ip[9] != 6) || fragment || totalLength > ip.Length || totalLength < ihl + (ip[9] == 17 ? 8 : 20))
        {
            return false;
        }

        uint saddr = BinaryPrimitives.ReadUInt32BigEndian(ip[12..]);
        uint daddr = BinaryPrimitives.ReadUInt32BigEndian(ip[16..]);
        bool good = ip[9] == 17
            ? InetChecksum.UdpChecksumOk(ip[ihl..totalLength], saddr, daddr)
            : InetChecksum.TcpChecksumOk(ip[ihl..totalLength], saddr, daddr);
        if (good)
        {
            return true;
        }

        _queue.Stats.CountChecksumError();
        return false;
    }

    /// <summary>A frame lost in the NIC's own mailbox (fault or stop) is a hardware drop, never a silent loss.</summary>
    private sealed class WireLifecycle(RxQueue queue) : IMessageLifecycle<NicMsg>
    {
        public void OnEnqueued(in NicMsg message, int target)
        {
        }

        public void OnMailboxOverflow(in NicMsg message, int actorId, string actorName) => Lose(message, SkbDropReason.FullRing);

        public void OnFaulted(in NicMsg message, int actorId, string actorName, Exception error) => Lose(message);

        public void OnDeadLetter(in NicMsg message, int actorId, string actorName) => Lose(message);

        private void Lose(in NicMsg message) => Lose(message, SkbDropReason.NotSpecified);

        private void Lose(in NicMsg message, SkbDropReason reason)
        {
            if (message is WireFrame { Length: > 0 } frame)
            {
                queue.Stack.Ledger.CountDrop(reason);
                queue.Stack.Tracepoints.DroppedFrame(frame.Span, reason, queue.Stack.Clock.NowNanos);
                queue.Wire.Return(frame);
            }
        }
    }
}
