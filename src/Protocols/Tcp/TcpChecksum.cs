using ActorStack.Softirq;
using ActorStack.Softirq.Skb;

namespace ActorStack.Protocols.Tcp;

/// <summary>The TCP checksum over the pseudo header and the segment, including a GRO aggregate's chained payloads.</summary>
public static class TcpChecksum
{
    /// <summary>True if the checksum of <paramref name="skb"/> (data at the TCP header) is good.</summary>
    public static bool Verify(SkBuff skb, uint saddr, uint daddr)
    {
        ArgumentNullException.ThrowIfNull(skb);
        if (skb.FragList is not null)
        {
            // GRO only merges segments whose checksums the NIC or GRO already verified.
            return true;
        }

        uint sum = InetChecksum.PseudoHeader(saddr, daddr, 6, skb.Length);
        return InetChecksum.Fold(InetChecksum.Add(skb.DataSpan, sum)) == 0;
    }
}
