using System.Buffers.Binary;
using ActorStack.Softirq.Skb;

namespace ActorStack.Softirq;

/// <summary>What happened to a packet at one of the stack's tracepoints: delivered to a reader, or dropped.</summary>
public enum PacketEventKind
{
    /// <summary>skb:skb_copy_datagram_iovec: copied to the application by recvmsg().</summary>
    Delivered,

    /// <summary>skb:kfree_skb: freed with a drop reason.</summary>
    Dropped,
}

/// <summary>
/// One packet at a tracepoint, with what a test needs to tell packets apart: the UDP/TCP ports from its headers and,
/// for datagrams of the model's traffic (<c>FlowPayload</c>), its flow and sequence number (-1 when absent).
/// </summary>
public readonly record struct PacketEvent(
    PacketEventKind Kind,
    SkbDropReason? Reason,
    ushort SourcePort,
    ushort DestinationPort,
    int Flow,
    long Sequence,
    int Cpu,
    long AtNanos)
{
    /// <summary>Reads ports, flow and sequence from a frame that starts at its Ethernet header.</summary>
    public static PacketEvent FromFrame(PacketEventKind kind, SkbDropReason? reason, ReadOnlySpan<byte> frame, int cpu, long atNanos)
    {
        ushort sport = 0, dport = 0;
        int flow = -1;
        long sequence = -1;
        if (frame.Length >= 34 && BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) == 0x0800)
        {
            var ip = frame[14..];
            int ihl = (ip[0] & 0x0f) * 4;
            byte protocol = ip[9];
            if (ihl >= 20 && ip.Length >= ihl + 8 && protocol is 6 or 17)
            {
                var l4 = ip[ihl..];
                sport = BinaryPrimitives.ReadUInt16BigEndian(l4);
                dport = BinaryPrimitives.ReadUInt16BigEndian(l4[2..]);
                if (protocol == 17 && FlowPayload.TryRead(l4[8..], out int f, out long s))
                {
                    (flow, sequence) = (f, s);
                }
            }
        }

        return new PacketEvent(kind, reason, sport, dport, flow, sequence, cpu, atNanos);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Kind}{(Reason is { } r ? $" {r.KernelName()}" : string.Empty)} :{SourcePort}->:{DestinationPort} flow {Flow} seq {Sequence} cpu {Cpu} at {AtNanos / 1000.0:0.###} µs";
}

