namespace ActorStack.Sockets.Tcp;

/// <summary>What a completed handshake hands its child socket (from the request sock): sequence numbers and windows.</summary>
/// <param name="Iss">Our initial sequence number (the SYN-ACK's).</param>
/// <param name="PeerIsn">The peer's initial sequence number (its SYN's).</param>
/// <param name="RcvWscale">Our receive window scale (0 when the peer did not offer scaling).</param>
/// <param name="RcvWnd">The window the SYN-ACK advertised (tcp_openreq_init_rwin).</param>
/// <param name="WindowClamp">The largest window we will advertise.</param>
/// <param name="PeerMss">The MSS the peer announced.</param>
public sealed record TcpHandshake(uint Iss, uint PeerIsn, int RcvWscale, long RcvWnd, long WindowClamp, int PeerMss);
