namespace ActorStack.Softirq.Skb;

/// <summary>skb->pkt_type as set by eth_type_trans().</summary>
/// <remarks>Kernel: include/uapi/linux/if_packet.h PACKET_*.</remarks>
public enum PacketType : byte
{
    Host = 0,
    Broadcast = 1,
    Multicast = 2,
    OtherHost = 3,
}

/// <summary>skb->ip_summed: what the NIC told the stack about the checksum.</summary>
/// <remarks>Kernel: include/linux/skbuff.h CHECKSUM_*.</remarks>
public enum ChecksumStatus : byte
{
    /// <summary>Not verified: the stack must check it in software.</summary>
    None = 0,

    /// <summary>The device verified the L4 checksum.</summary>
    Unnecessary = 1,

    /// <summary>The device supplied the full packet checksum.</summary>
    Complete = 2,
}
