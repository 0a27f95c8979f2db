using System.Collections.Concurrent;
using ActorStack.Engine;
using ActorStack.Sockets.Tcp;

namespace ActorStack.Wire;

/// <summary>
/// The host's TCP output as the wire sees it: each segment the host sends goes to the peer sender of its
/// connection; a segment for a connection no peer has (a RST to a probe, say) is only counted.
/// </summary>
public sealed class TcpWire : ITcpTransmit
{
    private readonly ConcurrentDictionary<FourTuple, ActorRef<ITcpPeerMsg>> _peers = new();
    private readonly ConcurrentQueue<TcpOutSegment> _unrouted = new();
    private long _sent;

    /// <summary>Segments the host sent.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Segments for which no peer exists, in order (e.g. RSTs answering hand-made segments).</summary>
    public IReadOnlyCollection<TcpOutSegment> Unrouted => _unrouted;

    /// <summary>Routes the host's segments on <paramref name="tuple"/> (host view) to <paramref name="peer"/>.</summary>
    public void Connect(FourTuple tuple, ActorRef<ITcpPeerMsg> peer) => _peers[tuple] = peer;

    /// <inheritdoc />
    public void Transmit(in TcpOutSegment segment)
    {
        Interlocked.Increment(ref _sent);
        if (_peers.TryGetValue(segment.Tuple, out var peer))
        {
            peer.Tell(TcpPeerMsg.FromHost.Of(segment));
            return;
        }

        _unrouted.Enqueue(segment);
    }
}
