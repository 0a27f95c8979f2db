namespace ActorStack.Nic.Drivers;

/// <summary>What a device counted, for its driver to print in its own names (ethtool -S).</summary>
/// <param name="QueuePackets">Per RX queue: packets received.</param>
/// <param name="QueueBytes">Per RX queue: bytes received.</param>
/// <param name="RxDropped">The core's rx_dropped (backlog and no-handler drops).</param>
/// <param name="Missed">Frames the device dropped for lack of a posted buffer.</param>
/// <param name="ChecksumErrors">Frames whose L4 checksum the device found bad.</param>
/// <param name="PeerTxDropped">Frames the peer's xmit could not hand over (veth: the receiving backlog was full).</param>
public sealed record DriverStats(
    IReadOnlyList<long> QueuePackets,
    IReadOnlyList<long> QueueBytes,
    long RxDropped,
    long Missed,
    long ChecksumErrors,
    long PeerTxDropped);
