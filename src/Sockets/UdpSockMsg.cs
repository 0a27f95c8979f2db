using ActorStack.Engine;
using ActorStack.Softirq.Skb;

namespace ActorStack.Sockets;

/// <summary>
/// What reaches a UDP socket. Closed: <see cref="Enqueue"/> (softirq hands it an skb) or <see cref="Recv"/> (a thread's
/// recvmsg).
/// </summary>
public abstract class UdpSockMsg : ISkbMessage
{
    private protected UdpSockMsg()
    {
    }

    /// <inheritdoc />
    public virtual SkBuff? Skb => null;

    /// <summary>udp_queue_rcv_skb(): softirq hands an skb to the socket. Sent per packet, so recycled.</summary>
    public sealed class Enqueue : UdpSockMsg, IRecycledMessage
    {
        private static readonly MessagePool<Enqueue> Pool = new(() => new Enqueue());
        private SkBuff? _skb;

        private Enqueue()
        {
        }

        /// <summary>The skb.</summary>
        public override SkBuff Skb => _skb ?? throw new InvalidOperationException("A recycled Enqueue was used after the socket handled it.");

        /// <summary>The message handing <paramref name="skb"/> to the socket.</summary>
        public static Enqueue Of(SkBuff skb)
        {
            ArgumentNullException.ThrowIfNull(skb);
            var message = Pool.Rent();
            message._skb = skb;
            return message;
        }

        void IRecycledMessage.Recycle()
        {
            if (_skb is null)
            {
                throw new InvalidOperationException("An Enqueue message was recycled twice (told to two sockets?).");
            }

            _skb = null;
            Pool.Return(this);
        }

        /// <inheritdoc />
        public override string ToString() => $"Enqueue(skb {_skb?.Id})";
    }

    /// <summary>
    /// recvmsg() by <see cref="Reader"/>, or recvmmsg() with MSG_WAITFORONE when <see cref="Vlen"/> &gt; 1 (block for
    /// the first datagram, then take what is queued up to vlen); <see cref="NonBlocking"/> is MSG_DONTWAIT. A thread
    /// makes its requests once and sends the same one every call.
    /// </summary>
    public sealed class Recv : UdpSockMsg
    {
        /// <summary>A request by <paramref name="reader"/>.</summary>
        public Recv(ITell<IUdpRecvReply> reader, bool nonBlocking = false, int vlen = 1)
        {
            ArgumentNullException.ThrowIfNull(reader);
            ArgumentOutOfRangeException.ThrowIfLessThan(vlen, 1);
            Reader = reader;
            NonBlocking = nonBlocking;
            Vlen = vlen;
        }

        /// <summary>The calling thread: answered with <see cref="IUdpRecvReply"/>.</summary>
        public ITell<IUdpRecvReply> Reader { get; }

        /// <summary>MSG_DONTWAIT.</summary>
        public bool NonBlocking { get; }

        /// <summary>Datagrams one call may return (1: recvfrom/recvmsg).</summary>
        public int Vlen { get; }

        /// <inheritdoc />
        public override string ToString() => $"Recv({Reader.Name}{(NonBlocking ? ", MSG_DONTWAIT" : "")}, vlen {Vlen})";
    }
}
