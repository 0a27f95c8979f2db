using ActorStack.Softirq;
using ActorStack.Softirq.Snmp;

namespace ActorStack.Sockets.Tcp;

/// <summary>tcp_v4_send_reset(): the RST answering a segment no socket wants (never a RST for a RST).</summary>
public static class TcpSendReset
{
    /// <summary>
    /// Answers <paramref name="seg"/> (received on <paramref name="tuple"/>) with a RST: seq = its ACK if it had
    /// one, else 0 with an ACK of everything it occupied. Counts OutSegs and OutRsts.
    /// </summary>
    public static void Send(NetStack stack, ITcpTransmit tx, FourTuple tuple, TcpSegment seg)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(tx);
        if (seg.Has(TcpFlags.Rst))
        {
            return;
        }

        stack.Snmp.Tcp.Inc(TcpMibField.OutSegs);
        stack.Snmp.Tcp.Inc(TcpMibField.OutRsts);
        stack.Snmp.Ip.Inc(IpMibField.OutRequests);
        stack.Snmp.Ip.Inc(IpMibField.OutTransmits);
        var reset = seg.Has(TcpFlags.Ack)
            ? new TcpOutSegment(tuple, seg.Ack, 0, TcpFlags.Rst, 0)
            : new TcpOutSegment(tuple, 0, seg.EndSeq, TcpFlags.Rst | TcpFlags.Ack, 0);
        tx.Transmit(reset);
    }
}
