namespace ActorStack.Nic;

/// <summary>
/// An Ethernet frame on the wire, before the NIC DMAs it into a ring buffer; arriving at the port, it is the NIC's
/// message. Pooled: the NIC gives it back.
/// </summary>
public sealed class WireFrame : NicMsg
{
    /// <summary>Largest frame (1500 MTU + 14 header + 4 VLAN, FCS stripped).</summary>
    public const int MaxLength = 1518;

    /// <summary>Frame bytes; <see cref="Length"/> of them are valid.</summary>
    public byte[] Bytes { get; } = new byte[MaxLength];

    /// <summary>Valid bytes.</summary>
    public int Length { get; set; }

    /// <summary>When the frame left the sender (model time, ns).</summary>
    public long SentNanos { get; set; }

    /// <summary>RSS hash from the NIC's parser at the port (set by <see cref="NetDevice.Receive"/>).</summary>
    public uint RssHash { get; internal set; }

    /// <summary>True if <see cref="RssHash"/> covered the L4 ports.</summary>
    public bool L4Hash { get; internal set; }

    /// <summary>The valid bytes.</summary>
    public Span<byte> Span => Bytes.AsSpan(0, Length);
}
