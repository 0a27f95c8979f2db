using System.Diagnostics;
using System.Buffers.Binary;
using ActorStack.Engine;
using ActorStack.Sockets.Tcp;
using ActorStack.Softirq;
using ActorStack.Softirq.Latency;
using ActorStack.Softirq.Skb;
using ActorStack.Softirq.Snmp;
using ActorStack.Softirq.Tracing;

namespace ActorStack.Protocols.Tcp;

/// <summary>
/// TCP receive on one CPU: tcp_v4_rcv()'s checks in kernel order (InSegs for every segment, header, checksum),
/// the lookup (established 4-tuple including request sockets, then the listener), a RST for a segment no socket
/// wants, and the hand-off to the socket under bh_lock_sock: processed now, or only appended to the backlog when
/// the user owns the socket — the cost paid here differs accordingly.
/// </summary>
/// <remarks>Kernel: net/ipv4/tcp_ipv4.c tcp_v4_rcv(). Early demux, TIME_WAIT, MD5/AO and socket filters are not modelled.</remarks>
public sealed class TcpV4Rcv : SkbHop
{
    private readonly TcpHashTable _hash;
    private readonly ITcpTransmit _tx;

    private TcpV4Rcv(NetStack stack, TcpHashTable hash, ITcpTransmit tx, int cpu)
        : base(stack, cpu, "tcp_v4_rcv", LatencyStage.L4Rcv, entryCost: 0)
    {
        _hash = hash;
        _tx = tx;
    }

    /// <summary>Recipe for CPU <paramref name="cpu"/>'s TCP actor.</summary>
    public static Props<SkBuff> Props(NetStack stack, TcpHashTable hash, ITcpTransmit tx, int cpu)
    {
        ArgumentNullException.ThrowIfNull(stack);
        return new Props<SkBuff>(() => new TcpV4Rcv(stack, hash, tx, cpu))
            .WithCpu(cpu, ExecClass.SoftIrq)
            .WithDepth(2)
            .WithLifecycle(stack.Lifecycle<SkBuff>());
    }

    /// <inheritdoc />
    protected override void Hop(SkBuff skb, Activity? span)
    {
        var tcp = Stack.Snmp.Tcp;
        if (skb.PktType != PacketType.Host)
        {
            Stack.KfreeSkb(skb, SkbDropReason.Otherhost, span);
            return;
        }

        // Counted per skb before any check, bad ones included.
        tcp.Inc(TcpMibField.InSegs);
        if (!TcpSegment.TryParse(skb, out var seg))
        {
            Cpu.Spend(Stack.Costs.TcpAddBacklog);
            tcp.Inc(TcpMibField.InErrs);
            Stack.KfreeSkb(skb, skb.Length < 20 ? SkbDropReason.PktTooSmall : SkbDropReason.TcpFlags, span);
            return;
        }

        var ip = skb.Buffer.AsSpan(skb.NetworkHeader);
        uint saddr = BinaryPrimitives.ReadUInt32BigEndian(ip[12..]);
        uint daddr = BinaryPrimitives.ReadUInt32BigEndian(ip[16..]);
        if (skb.IpSummed != ChecksumStatus.Unnecessary && !TcpChecksum.Verify(skb, saddr, daddr))
        {
            Cpu.Spend(Stack.Costs.TcpAddBacklog);
            tcp.Inc(TcpMibField.InCsumErrors);
            tcp.Inc(TcpMibField.InErrs);
            Stack.KfreeSkb(skb, SkbDropReason.TcpCsum, span);
            return;
        }

        var tuple = new FourTuple(daddr, seg.DestPort, saddr, seg.SourcePort);
        var socket = _hash.LookupEstablished(tuple) ?? _hash.LookupListener(daddr, seg.DestPort);
        if (socket is null)
        {
            // No socket: answer with a RST (never to a RST) and drop.
            Cpu.Spend(Stack.Costs.TcpRcv);
            TcpSendReset.Send(Stack, _tx, tuple, seg);
            Stack.KfreeSkb(skb, SkbDropReason.NoSocket, span);
            return;
        }

        // bh_lock_sock(): an owned socket only gets the skb appended to its backlog (tcp_add_backlog).
        bool owned = socket.Info.OwnedByUser;
        Cpu.Spend(owned ? Stack.Costs.TcpAddBacklog : Stack.Costs.TcpRcv);
        if (span is not null)
        {
            span.SetTag(SkbTags.Socket, socket.Info.Tuple.Local.ToString());
            span.SetTag("sock_owned_by_user", owned);
            span.SetTag(SkbTags.SkRmemAlloc, socket.Info.RmemAlloc);
            span.SetTag(SkbTags.SkRcvbuf, socket.Info.Rcvbuf);
        }

        Stack.Tracer.End(span);
        socket.Actor.Tell(TcpSegmentIn.Of(skb));
    }
}
