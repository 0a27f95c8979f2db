using System.Buffers.Binary;
using ActorStack.Softirq.Skb;

namespace ActorStack.Sockets.Tcp;

/// <summary>
/// The fields of a received segment (TCP_SKB_CB): read from the header at skb->data (the IP header is pulled).
/// For a GRO aggregate the payload is every merged segment's, chained on the frag list.
/// </summary>
public readonly record struct TcpSegment(ushort SourcePort, ushort DestPort, uint Seq, uint Ack, int HeaderLength, TcpFlags Flags, ushort Window, int PayloadLength)
{
    /// <summary>end_seq: seq + payload + SYN + FIN.</summary>
    public uint EndSeq => Seq + (uint)PayloadLength + (Has(TcpFlags.Syn) ? 1u : 0u) + (Has(TcpFlags.Fin) ? 1u : 0u);

    /// <summary>True if every flag of <paramref name="flag"/> is set.</summary>
    public bool Has(TcpFlags flag) => (Flags & flag) == flag;

    /// <summary>Reads the header of <paramref name="skb"/>; false if it is shorter than its data offset.</summary>
    public static bool TryParse(SkBuff skb, out TcpSegment segment)
    {
        ArgumentNullException.ThrowIfNull(skb);
        segment = default;
        var th = skb.DataSpan;
        if (th.Length < 20)
        {
            return false;
        }

        int doff = (th[12] >> 4) * 4;
        if (doff < 20 || th.Length < doff)
        {
            return false;
        }

        segment = new TcpSegment(
            BinaryPrimitives.ReadUInt16BigEndian(th),
            BinaryPrimitives.ReadUInt16BigEndian(th[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(th[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(th[8..]),
            doff,
            (TcpFlags)(th[13] & 0x3f),
            BinaryPrimitives.ReadUInt16BigEndian(th[14..]),
            skb.Length - doff);
        return true;
    }

    /// <summary>tcp_parse_options() for a SYN: the MSS and window-scale options (0 when absent).</summary>
    public static (ushort Mss, int WindowScale) SynOptions(SkBuff skb)
    {
        ArgumentNullException.ThrowIfNull(skb);
        var th = skb.DataSpan;
        int doff = (th[12] >> 4) * 4;
        ushort mss = 0;
        int wscale = -1;
        for (int i = 20; i < doff;)
        {
            byte kind = th[i];
            if (kind == 0)
            {
                break;
            }

            if (kind == 1)
            {
                i++;
                continue;
            }

            if (i + 1 >= doff || th[i + 1] < 2)
            {
                break;
            }

            int len = th[i + 1];
            if (kind == 2 && len == 4)
            {
                mss = BinaryPrimitives.ReadUInt16BigEndian(th[(i + 2)..]);
            }
            else if (kind == 3 && len == 3)
            {
                wscale = Math.Min((int)th[i + 2], 14);
            }

            i += len;
        }

        return (mss, wscale);
    }

    /// <summary>
    /// Copies <paramref name="count"/> payload bytes starting <paramref name="offset"/> bytes into the segment's
    /// payload (after its <paramref name="headerLength"/>-byte header, then along the GRO frag list).
    /// </summary>
    public static void CopyPayload(SkBuff skb, int headerLength, int offset, int count, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(skb);
        var head = skb.DataSpan[headerLength..];
        int written = 0;
        written += CopyPart(head, ref offset, count, destination);
        for (var part = skb.FragList; part is not null && written < count; part = part.FragNext)
        {
            written += CopyPart(part.DataSpan, ref offset, count - written, destination[written..]);
        }
    }

    private static int CopyPart(ReadOnlySpan<byte> part, ref int offset, int count, Span<byte> destination)
    {
        if (offset >= part.Length)
        {
            offset -= part.Length;
            return 0;
        }

        int n = Math.Min(part.Length - offset, count);
        part.Slice(offset, n).CopyTo(destination);
        offset = 0;
        return n;
    }
}
