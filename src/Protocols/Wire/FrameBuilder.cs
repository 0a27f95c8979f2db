using System.Buffers.Binary;
using ActorStack.Softirq;

namespace ActorStack.Protocols.Wire;

/// <summary>Writes real Ethernet + IPv4 + UDP frames with valid checksums, and helpers to corrupt them for tests.</summary>
public static class FrameBuilder
{
    /// <summary>Ethernet header length.</summary>
    public const int EthHeaderLength = 14;

    /// <summary>IPv4 header length without options.</summary>
    public const int Ipv4HeaderLength = 20;

    /// <summary>UDP header length.</summary>
    public const int UdpHeaderLength = 8;

    /// <summary>Headers before the UDP payload.</summary>
    public const int HeadersLength = EthHeaderLength + Ipv4HeaderLength + UdpHeaderLength;

    /// <summary>Largest UDP payload in one 1500-byte MTU frame.</summary>
    public const int MaxPayload = 1500 - Ipv4HeaderLength - UdpHeaderLength;

    /// <summary>
    /// Writes a frame into <paramref name="frame"/> whose payload is already at offset <see cref="HeadersLength"/>.
    /// Returns the frame length.
    /// </summary>
    public static int WriteUdp(Span<byte> frame, UdpFrameSpec spec, int payloadLength, ushort ipId)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (payloadLength < 0 || payloadLength > MaxPayload)
        {
            throw new ArgumentOutOfRangeException(nameof(payloadLength), payloadLength, $"UDP payload must be 0..{MaxPayload} bytes.");
        }

        int totalLength = Ipv4HeaderLength + UdpHeaderLength + payloadLength;
        WriteEthernetAndIpv4(frame, spec, protocol: 17, totalLength, ipId);

        var udp = frame.Slice(EthHeaderLength + Ipv4HeaderLength, UdpHeaderLength + payloadLength);
        BinaryPrimitives.WriteUInt16BigEndian(udp, spec.SourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..], spec.DestinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)udp.Length);
        BinaryPrimitives.WriteUInt16BigEndian(udp[6..], 0);
        if (spec.UdpChecksum)
        {
            uint sum = InetChecksum.PseudoHeader(spec.SourceAddress, spec.DestinationAddress, 17, udp.Length);
            ushort check = InetChecksum.Fold(InetChecksum.Add(udp, sum));
            // A computed 0 is sent as 0xffff (RFC 768): 0 means "no checksum".
            BinaryPrimitives.WriteUInt16BigEndian(udp[6..], check == 0 ? (ushort)0xffff : check);
        }

        return EthHeaderLength + totalLength;
    }

    /// <summary>
    /// Writes an Ethernet + IPv4 + TCP (20-byte header, no options) segment with valid checksums, using
    /// <paramref name="spec"/>'s addresses and ports, <paramref name="payload"/> as data. Returns the frame length.
    /// </summary>
    public static int WriteTcp(Span<byte> frame, UdpFrameSpec spec, uint seq, uint ack, byte flags, ReadOnlySpan<byte> payload, ushort ipId) =>
        WriteTcp(frame, spec, seq, ack, flags, 65535, [], payload, ipId);

    /// <summary>
    /// Writes a TCP segment with a window field and header <paramref name="options"/> (padded to 4 bytes), payload
    /// already in place or copied from <paramref name="payload"/>. Returns the frame length.
    /// </summary>
    public static int WriteTcp(Span<byte> frame, UdpFrameSpec spec, uint seq, uint ack, byte flags, ushort window, ReadOnlySpan<byte> options, ReadOnlySpan<byte> payload, ushort ipId)
    {
        ArgumentNullException.ThrowIfNull(spec);
        int tcpHeader = 20 + ((options.Length + 3) & ~3);
        if (payload.Length > 1500 - Ipv4HeaderLength - tcpHeader)
        {
            throw new ArgumentOutOfRangeException(nameof(payload), payload.Length, "TCP payload must fit a 1500-byte MTU (<= 1460 bytes).");
        }

        int totalLength = Ipv4HeaderLength + tcpHeader + payload.Length;
        WriteEthernetAndIpv4(frame, spec, protocol: 6, totalLength, ipId);

        var tcp = frame.Slice(EthHeaderLength + Ipv4HeaderLength, tcpHeader + payload.Length);
        BinaryPrimitives.WriteUInt16BigEndian(tcp, spec.SourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[2..], spec.DestinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[4..], seq);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[8..], ack);
        tcp[12] = (byte)((tcpHeader / 4) << 4);
        tcp[13] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(tcp[14..], window);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[16..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[18..], 0);
        tcp[20..tcpHeader].Fill(0);
        options.CopyTo(tcp[20..]);
        if (!payload.Overlaps(tcp[tcpHeader..]))
        {
            payload.CopyTo(tcp[tcpHeader..]);
        }
        uint sum = InetChecksum.PseudoHeader(spec.SourceAddress, spec.DestinationAddress, 6, tcp.Length);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[16..], InetChecksum.Fold(InetChecksum.Add(tcp, sum)));
        return EthHeaderLength + totalLength;
    }

    // Ethernet header, then a 20-byte IPv4 header with DF set and a valid checksum.
    private static void WriteEthernetAndIpv4(Span<byte> frame, UdpFrameSpec spec, byte protocol, int totalLength, ushort ipId)
    {
        spec.DestinationMac.CopyTo(frame);
        spec.SourceMac.CopyTo(frame[6..]);
        BinaryPrimitives.WriteUInt16BigEndian(frame[12..], 0x0800);
        var ip = frame.Slice(EthHeaderLength, Ipv4HeaderLength);
        ip[0] = 0x45;
        ip[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)totalLength);
        BinaryPrimitives.WriteUInt16BigEndian(ip[4..], ipId);
        BinaryPrimitives.WriteUInt16BigEndian(ip[6..], 0x4000); // DF
        ip[8] = spec.Ttl;
        ip[9] = protocol;
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(ip[12..], spec.SourceAddress);
        BinaryPrimitives.WriteUInt32BigEndian(ip[16..], spec.DestinationAddress);
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], InetChecksum.Fold(InetChecksum.Add(ip)));
    }

    /// <summary>Recomputes the IPv4 header checksum after a test edited the header.</summary>
    public static void FixIpChecksum(Span<byte> frame)
    {
        var ip = frame.Slice(EthHeaderLength, (frame[EthHeaderLength] & 0x0f) * 4);
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], InetChecksum.Fold(InetChecksum.Add(ip)));
    }
}
