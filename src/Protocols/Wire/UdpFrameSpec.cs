namespace ActorStack.Protocols.Wire;

/// <summary>Everything needed to write one Ethernet + IPv4 + UDP frame.</summary>
public sealed record UdpFrameSpec
{
    /// <summary>Destination MAC (the NIC's, for unicast to the host).</summary>
    public byte[] DestinationMac { get; init; } = [0x02, 0x00, 0x00, 0x00, 0x00, 0x01];

    /// <summary>Source MAC (the peer's).</summary>
    public byte[] SourceMac { get; init; } = [0x02, 0x00, 0x00, 0x00, 0x00, 0x02];

    /// <summary>Source IPv4 address, host order.</summary>
    public uint SourceAddress { get; init; }

    /// <summary>Destination IPv4 address, host order.</summary>
    public uint DestinationAddress { get; init; }

    /// <summary>Source port.</summary>
    public ushort SourcePort { get; init; }

    /// <summary>Destination port.</summary>
    public ushort DestinationPort { get; init; }

    /// <summary>TTL.</summary>
    public byte Ttl { get; init; } = 64;

    /// <summary>Compute the UDP checksum (else send 0, "no checksum").</summary>
    public bool UdpChecksum { get; init; } = true;
}
