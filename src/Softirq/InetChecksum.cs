using System.Buffers.Binary;

namespace ActorStack.Softirq;

/// <summary>The Internet checksum (RFC 1071), as the NIC's offload engine and the stack's csum helpers compute it.</summary>
/// <remarks>Kernel: include/net/checksum.h, lib/checksum.c.</remarks>
public static class InetChecksum
{
    /// <summary>Ones'-complement sum of <paramref name="data"/> added to <paramref name="initial"/>, not folded.</summary>
    public static uint Add(ReadOnlySpan<byte> data, uint initial = 0)
    {
        ulong sum = initial;
        int i = 0;
        for (; i + 1 < data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data.Slice(i, 2));
        }

        if (i < data.Length)
        {
            sum += (uint)(data[i] << 8);
        }

        while (sum >> 32 != 0)
        {
            sum = (sum & 0xffffffff) + (sum >> 32);
        }

        return (uint)sum;
    }

    /// <summary>csum_fold(): folds to 16 bits and complements.</summary>
    public static ushort Fold(uint sum)
    {
        while (sum >> 16 != 0)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }

        return (ushort)~sum;
    }

    /// <summary>
    /// True if a UDP datagram (header first) carries a good checksum or none at all (0 means "not sent", RFC 768).
    /// </summary>
    public static bool UdpChecksumOk(ReadOnlySpan<byte> datagram, uint sourceAddress, uint destinationAddress)
    {
        if (BinaryPrimitives.ReadUInt16BigEndian(datagram[6..]) == 0)
        {
            return true;
        }

        uint sum = PseudoHeader(sourceAddress, destinationAddress, 17, datagram.Length);
        return Fold(Add(datagram, sum)) == 0;
    }

    /// <summary>True if a TCP segment (header first) carries a good checksum.</summary>
    public static bool TcpChecksumOk(ReadOnlySpan<byte> segment, uint sourceAddress, uint destinationAddress) =>
        Fold(Add(segment, PseudoHeader(sourceAddress, destinationAddress, 6, segment.Length))) == 0;

    /// <summary>The IPv4 pseudo-header sum for a transport checksum.</summary>
    public static uint PseudoHeader(uint sourceAddress, uint destinationAddress, byte protocol, int length)
    {
        ulong sum = (sourceAddress >> 16) + (sourceAddress & 0xffff) + (destinationAddress >> 16) + (destinationAddress & 0xffff)
            + protocol + (uint)length;
        while (sum >> 32 != 0)
        {
            sum = (sum & 0xffffffff) + (sum >> 32);
        }

        return (uint)sum;
    }
}
