using System.Diagnostics;

namespace ActorStack.Nic;

/// <summary>
/// One RX descriptor: the posted buffer and, once the NIC has written it back, the frame's metadata and the DD bit.
/// </summary>
/// <remarks>Kernel: union ixgbe_adv_rx_desc; IXGBE_RXD_STAT_DD = 0x01.</remarks>
internal struct RxDescriptor
{
    /// <summary>Status word; bit 0 is DD (descriptor done). Written last by the NIC, read first by the driver.</summary>
    public int Status;

    /// <summary>The buffer posted by the driver (null once the driver took it into an skb, until refill).</summary>
    public byte[]? Buffer;

    /// <summary>Frame length written back.</summary>
    public int Length;

    /// <summary>RSS hash written back.</summary>
    public uint RssHash;

    /// <summary>True if the hash covered the L4 ports.</summary>
    public bool L4Hash;

    /// <summary>The NIC verified the L4 checksum and found it good.</summary>
    public bool L4ChecksumGood;

    /// <summary>When the DMA completed.</summary>
    public long TstampNanos;

    /// <summary>When the frame left the sender (model time), for the latency report.</summary>
    public long SentNanos;

    /// <summary>The packet's root span (the DMA write), parent of the driver's hop.</summary>
    public ActivityContext Trace;

    public const int DescriptorDone = 0x01;
}
