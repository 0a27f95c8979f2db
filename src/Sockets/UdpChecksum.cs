using System.Buffers.Binary;
using ActorStack.Softirq;
using ActorStack.Softirq.Skb;

namespace ActorStack.Sockets;

/// <summary>Software verification of a UDP checksum, for skbs the NIC did not verify (ip_summed != UNNECESSARY).</summary>
/// <remarks>Kernel: __skb_checksum_complete() as called from udp_lib_checksum_complete().</remarks>
public static class UdpChecksum
{
    /// <summary>True if the datagram at the skb's data (UDP header first) has a good checksum, or none (0).</summary>
    public static bool Verify(SkBuff skb)
    {
        ArgumentNullException.ThrowIfNull(skb);
        var ip = skb.Buffer.AsSpan(skb.NetworkHeader);
        return InetChecksum.UdpChecksumOk(skb.DataSpan, BinaryPrimitives.ReadUInt32BigEndian(ip[12..]), BinaryPrimitives.ReadUInt32BigEndian(ip[16..]));
    }
}
