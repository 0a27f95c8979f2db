using System.Diagnostics;
using System.Buffers.Binary;
using ActorStack.Engine;
using ActorStack.Sockets;
using ActorStack.Softirq;
using ActorStack.Softirq.Latency;
using ActorStack.Softirq.Skb;
using ActorStack.Softirq.Snmp;

namespace ActorStack.Protocols.Udp;

/// <summary>
/// UDP receive on one CPU: __udp4_lib_rcv()'s checks in kernel order, socket lookup, and hand-off to the socket actor
/// (udp_queue_rcv_skb); no socket: NoPorts and NO_SOCKET (after a full checksum check if the NIC did not verify it).
/// </summary>
/// <remarks>Kernel: net/ipv4/udp.c.</remarks>
public sealed class UdpRcv : SkbHop
{
    private readonly UdpTable _table;
    private readonly Icmp.IcmpSender? _icmp;

    private UdpRcv(NetStack stack, UdpTable table, Icmp.IcmpSender? icmp, int cpu)
        : base(stack, cpu, "udp_rcv", LatencyStage.L4Rcv, stack.Costs.UdpRcv)
    {
        _table = table;
        _icmp = icmp;
    }

    /// <summary>Recipe for CPU <paramref name="cpu"/>'s UDP actor.</summary>
    public static Props<SkBuff> Props(NetStack stack, UdpTable table, int cpu, Icmp.IcmpSender? icmp = null)
    {
        ArgumentNullException.ThrowIfNull(stack);
        return new Props<SkBuff>(() => new UdpRcv(stack, table, icmp, cpu))
            .WithCpu(cpu, ExecClass.SoftIrq)
            .WithDepth(2)
            .WithLifecycle(stack.Lifecycle<SkBuff>());
    }

    /// <inheritdoc />
    protected override void Hop(SkBuff skb, Activity? span)
    {
        var udp = Stack.Snmp.Udp;
        SkbDropReason reason;
        if (skb.Length < 8)
        {
            reason = SkbDropReason.NotSpecified;
            udp.Inc(UdpMibField.InErrors);
        }
        else
        {
            var header = skb.DataSpan;
            int ulen = BinaryPrimitives.ReadUInt16BigEndian(header[4..]);
            if (ulen > skb.Length || ulen < 8)
            {
                reason = SkbDropReason.PktTooSmall;
                udp.Inc(UdpMibField.InErrors);
            }
            else
            {
                skb.Trim(ulen);
                var ip = skb.Buffer.AsSpan(skb.NetworkHeader);
                uint daddr = BinaryPrimitives.ReadUInt32BigEndian(ip[16..]);
                ushort dport = BinaryPrimitives.ReadUInt16BigEndian(header[2..]);
                uint saddr = BinaryPrimitives.ReadUInt32BigEndian(ip[12..]);
                ushort sport = BinaryPrimitives.ReadUInt16BigEndian(header);
                var socket = _table.Lookup(new Endpoint(daddr, dport), new Endpoint(saddr, sport));
                if (socket is not null)
                {
                    Stack.Tracer.End(span);
                    socket.Tell(UdpEnqueue.Of(skb));
                    return;
                }

                if (skb.IpSummed != ChecksumStatus.Unnecessary && !UdpChecksum.Verify(skb))
                {
                    udp.Inc(UdpMibField.InCsumErrors);
                    udp.Inc(UdpMibField.InErrors);
                    reason = SkbDropReason.UdpCsum;
                }
                else
                {
                    // NoPorts, and the sender is told: ICMP port unreachable (rate limited).
                    udp.Inc(UdpMibField.NoPorts);
                    _icmp?.Send(3, 3, saddr, skb.Dev?.IsLoopback == true);
                    reason = SkbDropReason.NoSocket;
                }
            }
        }

        Stack.KfreeSkb(skb, reason, span);
    }
}
