using ActorStack.Engine;
using ActorStack.Sockets.Tcp;

namespace ActorStack.Wire;

/// <summary>
/// What reaches a remote TCP sender (<see cref="TcpPeer"/>). Closed: <see cref="TcpPeerMsg.Connect"/> (its connect()
/// is due), <see cref="TcpPeerMsg.FromHost"/> (a segment the host transmitted), and its
/// <see cref="TcpPeerMsg.SendTick"/> and <see cref="TcpPeerMsg.Rto"/> timers.
/// </summary>
public interface ITcpPeerMsg;

/// <summary>The cases of <see cref="ITcpPeerMsg"/>.</summary>
public static class TcpPeerMsg
{
    /// <summary>Start the connection (SYN), or wait until its start time.</summary>
    public static ITcpPeerMsg Connect { get; } = new Signal("Connect");

    /// <summary>The pacing timer: send what the window and the gap allow.</summary>
    public static ITcpPeerMsg SendTick { get; } = new Signal("SendTick");

    /// <summary>The retransmission timer fired.</summary>
    public static ITcpPeerMsg Rto { get; } = new Signal("Rto");

    /// <summary>A message that carries nothing; one instance each.</summary>
    public sealed class Signal : ITcpPeerMsg
    {
        private readonly string _name;

        internal Signal(string name) => _name = name;

        /// <inheritdoc />
        public override string ToString() => _name;
    }

    /// <summary>A segment the host transmitted to this peer. Sent per ACK, so recycled.</summary>
    public sealed class FromHost : RecycledMessage<FromHost>, ITcpPeerMsg
    {
        private FromHost()
        {
        }

        /// <summary>The segment.</summary>
        public TcpOutSegment Segment { get; private set; }

        /// <summary>The message carrying <paramref name="segment"/>.</summary>
        public static FromHost Of(in TcpOutSegment segment)
        {
            var message = Rent();
            message.Segment = segment;
            return message;
        }

        /// <inheritdoc />
        protected override void Clear() => Segment = default;

        /// <inheritdoc />
        public override string ToString() => $"FromHost({Segment})";
    }
}
