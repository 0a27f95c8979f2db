namespace ActorStack.Softirq.Snmp;

/// <summary>/proc/net/snmp Ip: columns, in the kernel's order.</summary>
/// <remarks>Kernel: net/ipv4/proc.c snmp4_ipstats_list.</remarks>
public enum IpMibField
{
    Forwarding,
    DefaultTTL,
    InReceives,
    InHdrErrors,
    InAddrErrors,
    ForwDatagrams,
    InUnknownProtos,
    InDiscards,
    InDelivers,
    OutRequests,
    OutDiscards,
    OutNoRoutes,
    ReasmTimeout,
    ReasmReqds,
    ReasmOKs,
    ReasmFails,
    FragOKs,
    FragFails,
    FragCreates,
    OutTransmits,
}

/// <summary>/proc/net/netstat IpExt: columns, in the kernel's order.</summary>
/// <remarks>Kernel: net/ipv4/proc.c snmp4_ipextstats_list.</remarks>
public enum IpExtMibField
{
    InNoRoutes,
    InTruncatedPkts,
    InMcastPkts,
    OutMcastPkts,
    InBcastPkts,
    OutBcastPkts,
    InOctets,
    OutOctets,
    InMcastOctets,
    OutMcastOctets,
    InBcastOctets,
    OutBcastOctets,
    InCsumErrors,
    InNoECTPkts,
    InECT1Pkts,
    InECT0Pkts,
    InCEPkts,
    ReasmOverlaps,
}

/// <summary>/proc/net/snmp Udp: columns, in the kernel's order.</summary>
/// <remarks>Kernel: net/ipv4/proc.c snmp4_udp_list.</remarks>
public enum UdpMibField
{
    InDatagrams,
    NoPorts,
    InErrors,
    OutDatagrams,
    RcvbufErrors,
    SndbufErrors,
    InCsumErrors,
    IgnoredMulti,
    MemErrors,
}
