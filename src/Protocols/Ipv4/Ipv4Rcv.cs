using System.Diagnostics;
using System.Buffers.Binary;
using ActorStack.Engine;
using ActorStack.Protocols.Netfilter;
using ActorStack.Softirq;
using ActorStack.Softirq.Latency;
using ActorStack.Softirq.Skb;
using ActorStack.Softirq.Snmp;

namespace ActorStack.Protocols.Ipv4;

/// <summary>
/// IPv4 receive on one CPU: ip_rcv (ip_rcv_core's checks in kernel order, each with its counter and drop reason),
/// ip_rcv_finish (route: local or not), ip_local_deliver (pull the header, hand to the L4 actor, count InDelivers).
/// </summary>
/// <remarks>Kernel: net/ipv4/ip_input.c, ip_forward.c. IP options and fragment reassembly are not modelled.</remarks>
public sealed class Ipv4Rcv : SkbHop
{
    private readonly LocalAddresses _local;
    private readonly InetProtocols _protocols;
    private readonly NfTable _netfilter;
    private readonly Icmp.IcmpSender? _icmp;
    private readonly bool _ipForward;

    private Ipv4Rcv(NetStack stack, LocalAddresses local, InetProtocols protocols, NfTable netfilter, Icmp.IcmpSender? icmp, bool ipForward, int cpu)
        : base(stack, cpu, "ip_rcv", LatencyStage.IpRcv, stack.Costs.IpRcv)
    {
        _local = local;
        _protocols = protocols;
        _netfilter = netfilter;
        _icmp = icmp;
        _ipForward = ipForward;
    }

    /// <summary>Recipe for CPU <paramref name="cpu"/>'s IPv4 actor.</summary>
    public static Props<SkBuff> Props(NetStack stack, LocalAddresses local, InetProtocols protocols, NfTable netfilter, int cpu, Icmp.IcmpSender? icmp = null, bool ipForward = false)
    {
        ArgumentNullException.ThrowIfNull(stack);
        return new Props<SkBuff>(() => new Ipv4Rcv(stack, local, protocols, netfilter, icmp, ipForward, cpu))
            .WithCpu(cpu, ExecClass.SoftIrq)
            .WithDepth(1)
            .WithLifecycle(stack.Lifecycle<SkBuff>());
    }

    /// <inheritdoc />
    /// <summary>ip_rcv(): the checks of ip_rcv_core, PRE_ROUTING, then routing.</summary>
    protected override void Hop(SkBuff skb, Activity? span)
    {
        var reason = IpRcvCore(skb);
        if (reason is { } drop)
        {
            Stack.KfreeSkb(skb, drop, span);
            return;
        }

        // NF_HOOK(NF_INET_PRE_ROUTING), then ip_rcv_finish → route lookup.
        if (!_netfilter.Empty && !_netfilter.Accept(NfHook.PreRouting, skb))
        {
            Stack.KfreeSkb(skb, SkbDropReason.NetfilterDrop, span);
            return;
        }

        uint daddr = BinaryPrimitives.ReadUInt32BigEndian(skb.DataSpan[16..]);
        if (!_local.IsLocal(daddr) && _ipForward)
        {
            Stack.Tracer.End(span);
            IpForward(skb);
            return;
        }

        if (!_local.IsLocal(daddr))
        {
            // Not local and forwarding off: ip_error() for an unreachable route.
            Stack.Snmp.Ip.Inc(IpMibField.InAddrErrors);
            Stack.KfreeSkb(skb, SkbDropReason.IpInaddrerrors, span);
            return;
        }

        Stack.Tracer.End(span);
        IpLocalDeliver(skb);
    }

    // ip_rcv_core(): null when the packet passes, else the drop reason (counters already moved).
    private SkbDropReason? IpRcvCore(SkBuff skb)
    {
        var ip = Stack.Snmp.Ip;
        var ipExt = Stack.Snmp.IpExt;
        if (skb.PktType == PacketType.OtherHost)
        {
            skb.Dev?.IncRxOtherhostDropped();
            return SkbDropReason.Otherhost;
        }

        ip.Inc(IpMibField.InReceives);
        ipExt.Add(IpExtMibField.InOctets, skb.Length);
        if (skb.Length < 20)
        {
            ip.Inc(IpMibField.InHdrErrors);
            return SkbDropReason.IpInhdr;
        }

        var header = skb.DataSpan;
        int version = header[0] >> 4;
        int ihl = header[0] & 0x0f;
        if (ihl < 5 || version != 4)
        {
            ip.Inc(IpMibField.InHdrErrors);
            return SkbDropReason.IpInhdr;
        }

        ipExt.Inc((header[1] & 3) switch
        {
            0 => IpExtMibField.InNoECTPkts,
            1 => IpExtMibField.InECT1Pkts,
            2 => IpExtMibField.InECT0Pkts,
            _ => IpExtMibField.InCEPkts,
        });
        int headerLength = ihl * 4;
        if (skb.Length < headerLength)
        {
            ip.Inc(IpMibField.InHdrErrors);
            return SkbDropReason.IpInhdr;
        }

        if (InetChecksum.Fold(InetChecksum.Add(header[..headerLength])) != 0)
        {
            ipExt.Inc(IpExtMibField.InCsumErrors);
            ip.Inc(IpMibField.InHdrErrors);
            return SkbDropReason.IpCsum;
        }

        int totalLength = BinaryPrimitives.ReadUInt16BigEndian(header[2..]);
        if (skb.Length < totalLength)
        {
            ipExt.Inc(IpExtMibField.InTruncatedPkts);
            return SkbDropReason.PktTooSmall;
        }

        if (totalLength < headerLength)
        {
            ip.Inc(IpMibField.InHdrErrors);
            return SkbDropReason.IpInhdr;
        }

        // Ethernet padding beyond tot_len is trimmed.
        skb.Trim(totalLength);
        skb.TransportHeader = skb.Data + headerLength;
        return null;
    }

    // ip_forward(): only frames addressed to our MAC; TTL must survive the hop (else InHdrErrors and ICMP time
    // exceeded); NF_INET_FORWARD; then ForwDatagrams, TTL − 1 and out through ip_forward_finish → ip_output. The
    // default route leaves by eth0, whose MTU every received frame fits, so no fragmentation or frag-needed.
    private void IpForward(SkBuff skb)
    {
        var span = Stack.Tracer.StartHop("ip_forward", skb, HopCpu);
        if (skb.PktType != PacketType.Host)
        {
            Stack.KfreeSkb(skb, SkbDropReason.Otherhost, span);
            return;
        }

        var header = skb.DataSpan;
        if (header[8] <= 1)
        {
            Stack.Snmp.Ip.Inc(IpMibField.InHdrErrors);
            _icmp?.Send(11, 0, BinaryPrimitives.ReadUInt32BigEndian(header[12..]), skb.Dev?.IsLoopback == true);
            Stack.KfreeSkb(skb, SkbDropReason.IpInhdr, span);
            return;
        }

        if (!_netfilter.Empty && !_netfilter.Accept(NfHook.Forward, skb))
        {
            Stack.KfreeSkb(skb, SkbDropReason.NetfilterDrop, span);
            return;
        }

        // ip_decrease_ttl(): TTL − 1 with the checksum patched incrementally (RFC 1624).
        header[8]--;
        uint check = BinaryPrimitives.ReadUInt16BigEndian(header[10..]) + 0x0100u;
        BinaryPrimitives.WriteUInt16BigEndian(header[10..], (ushort)(check + (check >= 0xffff ? 1u : 0u)));
        Stack.Snmp.Ip.Inc(IpMibField.ForwDatagrams);
        Stack.Snmp.Ip.Inc(IpMibField.OutTransmits);
        Stack.ConsumeByKernel(skb, KernelEnd.Forwarded, span);
    }

    private void IpLocalDeliver(SkBuff skb)
    {
        var span = Stack.Tracer.StartHop("ip_local_deliver", skb, HopCpu);
        var header = skb.DataSpan;
        bool fragment = (BinaryPrimitives.ReadUInt16BigEndian(header[6..]) & 0x3fff) != 0;
        if (fragment)
        {
            // Reassembly is not modelled: the fragment is counted as a failed reassembly and dropped.
            Stack.Snmp.Ip.Inc(IpMibField.ReasmReqds);
            Stack.Snmp.Ip.Inc(IpMibField.ReasmFails);
            Stack.KfreeSkb(skb, SkbDropReason.NotSpecified, span);
            return;
        }

        // NF_HOOK(NF_INET_LOCAL_IN), then ip_local_deliver_finish().
        if (!_netfilter.Empty && !_netfilter.Accept(NfHook.LocalIn, skb))
        {
            Stack.KfreeSkb(skb, SkbDropReason.NetfilterDrop, span);
            return;
        }

        // ip_local_deliver_finish(): pull the IP header; data now starts at the transport header.
        byte protocol = header[9];
        skb.Pull((header[0] & 0x0f) * 4);
        var handler = _protocols.Lookup(protocol, HopCpu);
        if (handler is null)
        {
            Stack.Snmp.Ip.Inc(IpMibField.InUnknownProtos);
            Stack.KfreeSkb(skb, SkbDropReason.IpNoproto, span);
            return;
        }

        // InDelivers counts every packet handed to L4, whatever L4 then does with it.
        Stack.Snmp.Ip.Inc(IpMibField.InDelivers);
        Stack.Tracer.End(span);
        handler.Tell(skb);
    }
}
