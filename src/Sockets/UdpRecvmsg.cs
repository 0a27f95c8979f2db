using ActorStack.Engine;
using ActorStack.Softirq;
using ActorStack.Softirq.Skb;
using ActorStack.Softirq.Snmp;
using ActorStack.Softirq.Tracing;

namespace ActorStack.Sockets;

/// <summary>
/// udp_recvmsg()'s work after the dequeue, in the calling thread's context and on its CPU: the call's cost (a
/// system call, or one more message of a recvmmsg), the copy per KiB, the checksum when the NIC did not verify it,
/// InDatagrams on a successful copy, RFS's record of the reading CPU (connected sockets), and the free. Shared by
/// every application thread shape (blocking reader, select/poll/epoll event loop).
/// </summary>
/// <remarks>Kernel: net/ipv4/udp.c udp_recvmsg(), skb_consume_udp(); net/ipv4/af_inet.c inet_recvmsg().</remarks>
public static class UdpRecvmsg
{
    /// <summary>
    /// Copies <paramref name="skb"/> (the <paramref name="index"/>th datagram of its call) to
    /// <paramref name="userBuffer"/> and checks each segment's flow order in <paramref name="reader"/>.
    /// </summary>
    public static void Copy(NetStack stack, ICpuContext context, SkBuff skb, int index, UdpSockInfo info, ReaderThread reader, int cpu, byte[] userBuffer)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(skb);
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(reader);
        var span = stack.Tracer.StartHop("udp_recvmsg", skb, cpu);
        // skb data starts at the UDP header; a UDP_GRO aggregate chains its other segments' payloads behind.
        int payloadBytes = skb.Length - 8;
        long call = index == 0 ? stack.Costs.Syscall : stack.Costs.RecvmmsgPerMsg;
        context.Spend(call + stack.Costs.Copy(payloadBytes));
        // inet_recvmsg() → sock_rps_record_flow(): a connected socket tells RFS where its reader runs.
        if (info.Connected)
        {
            stack.RpsSockFlows?.Record(info.RxHash, cpu);
        }

        var udp = stack.Snmp.Udp;
        var stats = reader.Stats;
        if (skb.IpSummed != ChecksumStatus.Unnecessary && !UdpChecksum.Verify(skb))
        {
            // Found while copying: counted now, the datagram skipped (udp_recvmsg csum_copy_err).
            udp.Inc(UdpMibField.InCsumErrors);
            udp.Inc(UdpMibField.InErrors);
            stats.CountChecksumDrop();
            stack.KfreeSkb(skb, SkbDropReason.UdpCsum, span);
            return;
        }

        // One recvmsg, one InDatagrams, whatever the skb aggregates; the reader sees each segment (UDP_GRO cmsg).
        udp.Inc(UdpMibField.InDatagrams);
        ReadSegment(skb.DataSpan[8..], reader, userBuffer);
        for (var segment = skb.FragList; segment is not null; segment = segment.FragNext)
        {
            ReadSegment(segment.DataSpan, reader, userBuffer);
        }

        stack.Tracer.RecordConsumed(span);
        stack.Tracer.End(span);
        stack.DeliverToApp(skb, context.Clock.NowNanos);
    }

    private static void ReadSegment(ReadOnlySpan<byte> payload, ReaderThread reader, byte[] userBuffer)
    {
        payload.CopyTo(userBuffer);
        var stats = reader.Stats;
        stats.CountDatagram(payload.Length);
        var lastSequence = reader.LastSequence;
        if (payload.Length < FlowPayload.HeaderLength)
        {
            // A datagram too short to carry flow and sequence (Linux sends even 0 bytes): nothing to check.
            return;
        }

        if (FlowPayload.TryRead(userBuffer.AsSpan(0, payload.Length), out int flow, out long sequence) &&
            flow >= 0 && flow < lastSequence.Length)
        {
            if (sequence <= lastSequence[flow])
            {
                stats.CountOutOfOrder();
            }

            lastSequence[flow] = sequence;
        }
        else
        {
            stats.CountMalformed();
        }
    }
}
