namespace ActorStack.Sockets.Tcp;

/// <summary>
/// A segment the host sends toward the wire (an ACK, SYN-ACK or RST): the fields a peer reads. The window is the raw
/// 16-bit header value (already shifted by the receive window scale, except on a SYN-ACK).
/// </summary>
public readonly record struct TcpOutSegment(FourTuple Tuple, uint Seq, uint Ack, TcpFlags Flags, ushort Window, byte WindowScale = 0, ushort Mss = 0);

/// <summary>The host's output path for TCP segments it generates (tcp_transmit_skb → ip_queue_xmit → the wire).</summary>
public interface ITcpTransmit
{
    /// <summary>Sends <paramref name="segment"/>.</summary>
    void Transmit(in TcpOutSegment segment);
}
