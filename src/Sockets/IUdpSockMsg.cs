using ActorStack.Engine;
using ActorStack.Softirq.Skb;

namespace ActorStack.Sockets;

/// <summary>
/// What reaches a UDP socket (<see cref="UdpSock"/>). Closed: <see cref="UdpEnqueue"/> (softirq hands it an skb) or
/// <see cref="UdpRecv"/> (a thread's recvmsg).
/// </summary>
public interface IUdpSockMsg : ISkbMessage;

/// <summary>udp_queue_rcv_skb(): softirq hands an skb to the socket. Sent per packet, so recycled.</summary>
public sealed class UdpEnqueue : SkbMessage<UdpEnqueue>, IUdpSockMsg
{
    private UdpEnqueue()
    {
    }

    /// <summary>The message handing <paramref name="skb"/> to the socket.</summary>
    public static UdpEnqueue Of(SkBuff skb) => Rent(skb);
}

/// <summary>
/// recvmsg() by <see cref="Reader"/>, or recvmmsg() with MSG_WAITFORONE when <see cref="Vlen"/> &gt; 1 (block for the
/// first datagram, then take what is queued up to vlen); <see cref="NonBlocking"/> is MSG_DONTWAIT. A thread makes its
/// requests once and sends the same one every call.
/// </summary>
public sealed class UdpRecv : IUdpSockMsg
{
    /// <summary>A request by <paramref name="reader"/>.</summary>
    public UdpRecv(ITell<IUdpRecvReply> reader, bool nonBlocking = false, int vlen = 1)
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
    public override string ToString() => $"UdpRecv({Reader.Name}{(NonBlocking ? ", MSG_DONTWAIT" : "")}, vlen {Vlen})";
}
