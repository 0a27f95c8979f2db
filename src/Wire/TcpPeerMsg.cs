using ActorStack.Engine;
using ActorStack.Sockets.Tcp;

namespace ActorStack.Wire;

/// <summary>
/// What reaches a remote TCP sender (<see cref="TcpPeer"/>). Closed: <see cref="Connect"/> (its connect() is due),
/// <see cref="FromHost"/> (a segment the host transmitted), and its <see cref="SendTick"/> and <see cref="Rto"/> timers.
/// </summary>
public abstract class TcpPeerMsg
{
    private protected TcpPeerMsg()
    {
    }

    /// <summary>Start the connection (SYN), or wait until its start time.</summary>
    public static TcpPeerMsg Connect { get; } = new Signal("Connect");

    /// <summary>The pacing timer: send what the window and the gap allow.</summary>
    public static TcpPeerMsg SendTick { get; } = new Signal("SendTick");

    /// <summary>The retransmission timer fired.</summary>
    public static TcpPeerMsg Rto { get; } = new Signal("Rto");

    /// <summary>A message that carries nothing; one instance each.</summary>
    public sealed class Signal : TcpPeerMsg
    {
        private readonly string _name;

        internal Signal(string name) => _name = name;

        /// <inheritdoc />
        public override string ToString() => _name;
    }

    /// <summary>A segment the host transmitted to this peer. Sent per ACK, so recycled.</summary>
    public sealed class FromHost : TcpPeerMsg, IRecycledMessage
    {
        private static readonly MessagePool<FromHost> Pool = new(() => new FromHost());
        private bool _inUse;

        private FromHost()
        {
        }

        /// <summary>The segment.</summary>
        public TcpOutSegment Segment { get; private set; }

        /// <summary>The message carrying <paramref name="segment"/>.</summary>
        public static FromHost Of(in TcpOutSegment segment)
        {
            var message = Pool.Rent();
            message.Segment = segment;
            message._inUse = true;
            return message;
        }

        void IRecycledMessage.Recycle()
        {
            if (!_inUse)
            {
                throw new InvalidOperationException("A FromHost message was recycled twice.");
            }

            _inUse = false;
            Segment = default;
            Pool.Return(this);
        }

        /// <inheritdoc />
        public override string ToString() => $"FromHost({Segment})";
    }
}
