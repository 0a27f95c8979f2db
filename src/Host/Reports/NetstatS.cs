using System.Globalization;
using System.Text;
using ActorStack.Softirq.Snmp;

namespace ActorStack.Host.Reports;

/// <summary>
/// netstat -s (net-tools statistics.c): the Ip, Icmp, Tcp and Udp tables line by line in netstat's words (zeros
/// shown), then TcpExt and IpExt with only the counters that moved, in netstat's words where it has them and as
/// "Name: value" where it does not.
/// </summary>
public static class NetstatS
{
    private static readonly Dictionary<TcpExtMibField, string> TcpExtWords = new()
    {
        [TcpExtMibField.SyncookiesSent] = "{0} SYN cookies sent",
        [TcpExtMibField.SyncookiesRecv] = "{0} SYN cookies received",
        [TcpExtMibField.SyncookiesFailed] = "{0} invalid SYN cookies received",
        [TcpExtMibField.PruneCalled] = "{0} packets pruned from receive queue because of socket buffer overrun",
        [TcpExtMibField.RcvPruned] = "{0} packets pruned from receive queue",
        [TcpExtMibField.OfoPruned] = "{0} packets dropped from out-of-order queue because of socket buffer overrun",
        [TcpExtMibField.DelayedACKs] = "{0} delayed acks sent",
        [TcpExtMibField.DelayedACKLocked] = "{0} delayed acks further delayed because of locked socket",
        [TcpExtMibField.DelayedACKLost] = "Quick ack mode was activated {0} times",
        [TcpExtMibField.ListenOverflows] = "{0} times the listen queue of a socket overflowed",
        [TcpExtMibField.ListenDrops] = "{0} SYNs to LISTEN sockets dropped",
        [TcpExtMibField.TCPHPHits] = "{0} packet headers predicted",
        [TcpExtMibField.TCPPureAcks] = "{0} acknowledgments not containing data payload received",
        [TcpExtMibField.TCPHPAcks] = "{0} predicted acknowledgments",
        [TcpExtMibField.TCPRcvCollapsed] = "{0} packets collapsed in receive queue due to low socket buffer",
    };

    /// <summary>The netstat -s text of <paramref name="mibs"/>.</summary>
    public static string Format(SnmpMibs mibs)
    {
        ArgumentNullException.ThrowIfNull(mibs);
        var sb = new StringBuilder();
        var ip = mibs.Ip;
        sb.Append("Ip:\n");
        Line(sb, "Forwarding: {0}", ip[IpMibField.Forwarding]);
        Line(sb, "{0} total packets received", ip[IpMibField.InReceives]);
        Line(sb, "{0} with invalid headers", ip[IpMibField.InHdrErrors]);
        Line(sb, "{0} with invalid addresses", ip[IpMibField.InAddrErrors]);
        Line(sb, "{0} forwarded", ip[IpMibField.ForwDatagrams]);
        Line(sb, "{0} with unknown protocol", ip[IpMibField.InUnknownProtos]);
        Line(sb, "{0} incoming packets discarded", ip[IpMibField.InDiscards]);
        Line(sb, "{0} incoming packets delivered", ip[IpMibField.InDelivers]);
        Line(sb, "{0} requests sent out", ip[IpMibField.OutRequests]);
        if (ip[IpMibField.OutDiscards] != 0)
        {
            Line(sb, "{0} outgoing packets dropped", ip[IpMibField.OutDiscards]);
        }

        if (ip[IpMibField.ReasmReqds] != 0)
        {
            Line(sb, "{0} reassemblies required", ip[IpMibField.ReasmReqds]);
            Line(sb, "{0} packet reassemblies failed", ip[IpMibField.ReasmFails]);
        }

        var icmp = mibs.Icmp;
        sb.Append("Icmp:\n");
        Line(sb, "{0} ICMP messages received", icmp[IcmpMibField.InMsgs]);
        Line(sb, "{0} input ICMP message failed", icmp[IcmpMibField.InErrors]);
        sb.Append("    ICMP input histogram:\n");
        Histogram(sb, icmp[IcmpMibField.InDestUnreachs], icmp[IcmpMibField.InTimeExcds], icmp[IcmpMibField.InEchos], icmp[IcmpMibField.InEchoReps]);
        Line(sb, "{0} ICMP messages sent", icmp[IcmpMibField.OutMsgs]);
        Line(sb, "{0} ICMP messages failed", icmp[IcmpMibField.OutErrors]);
        sb.Append("    ICMP output histogram:\n");
        Histogram(sb, icmp[IcmpMibField.OutDestUnreachs], icmp[IcmpMibField.OutTimeExcds], icmp[IcmpMibField.OutEchos], icmp[IcmpMibField.OutEchoReps]);
        var tcp = mibs.Tcp;
        sb.Append("Tcp:\n");
        Line(sb, "{0} active connection openings", tcp[TcpMibField.ActiveOpens]);
        Line(sb, "{0} passive connection openings", tcp[TcpMibField.PassiveOpens]);
        Line(sb, "{0} failed connection attempts", tcp[TcpMibField.AttemptFails]);
        Line(sb, "{0} connection resets received", tcp[TcpMibField.EstabResets]);
        Line(sb, "{0} connections established", tcp[TcpMibField.CurrEstab]);
        Line(sb, "{0} segments received", tcp[TcpMibField.InSegs]);
        Line(sb, "{0} segments sent out", tcp[TcpMibField.OutSegs]);
        Line(sb, "{0} segments retransmitted", tcp[TcpMibField.RetransSegs]);
        Line(sb, "{0} bad segments received", tcp[TcpMibField.InErrs]);
        Line(sb, "{0} resets sent", tcp[TcpMibField.OutRsts]);
        if (tcp[TcpMibField.InCsumErrors] != 0)
        {
            Line(sb, "InCsumErrors: {0}", tcp[TcpMibField.InCsumErrors]);
        }

        var udp = mibs.Udp;
        sb.Append("Udp:\n");
        Line(sb, "{0} packets received", udp[UdpMibField.InDatagrams]);
        Line(sb, "{0} packets to unknown port received", udp[UdpMibField.NoPorts]);
        Line(sb, "{0} packet receive errors", udp[UdpMibField.InErrors]);
        Line(sb, "{0} packets sent", udp[UdpMibField.OutDatagrams]);
        Line(sb, "{0} receive buffer errors", udp[UdpMibField.RcvbufErrors]);
        Line(sb, "{0} send buffer errors", udp[UdpMibField.SndbufErrors]);
        if (udp[UdpMibField.InCsumErrors] != 0)
        {
            Line(sb, "InCsumErrors: {0}", udp[UdpMibField.InCsumErrors]);
        }

        sb.Append("TcpExt:\n");
        foreach (var field in Enum.GetValues<TcpExtMibField>())
        {
            long v = mibs.TcpExt[field];
            if (v != 0)
            {
                Line(sb, TcpExtWords.GetValueOrDefault(field) ?? field + ": {0}", v);
            }
        }

        sb.Append("IpExt:\n");
        foreach (var field in Enum.GetValues<IpExtMibField>())
        {
            long v = mibs.IpExt[field];
            if (v != 0)
            {
                Line(sb, field + ": {0}", v);
            }
        }

        return sb.ToString();
    }

    private static void Histogram(StringBuilder sb, long unreachable, long timeExceeded, long echoRequests, long echoReplies)
    {
        if (unreachable != 0)
        {
            Line(sb, "    destination unreachable: {0}", unreachable);
        }

        if (timeExceeded != 0)
        {
            Line(sb, "    timeout in transit: {0}", timeExceeded);
        }

        if (echoRequests != 0)
        {
            Line(sb, "    echo requests: {0}", echoRequests);
        }

        if (echoReplies != 0)
        {
            Line(sb, "    echo replies: {0}", echoReplies);
        }
    }

    private static void Line(StringBuilder sb, string format, long value) =>
        sb.Append("    ").Append(string.Format(CultureInfo.InvariantCulture, format, value)).Append('\n');
}
