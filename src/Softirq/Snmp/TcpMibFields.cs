namespace ActorStack.Softirq.Snmp;

/// <summary>/proc/net/snmp Tcp: columns, in the kernel's order.</summary>
/// <remarks>Kernel: net/ipv4/proc.c snmp4_tcp_list. CurrEstab is a gauge; RtoAlgorithm..MaxConn are constants.</remarks>
public enum TcpMibField
{
    RtoAlgorithm,
    RtoMin,
    RtoMax,
    MaxConn,
    ActiveOpens,
    PassiveOpens,
    AttemptFails,
    EstabResets,
    CurrEstab,
    InSegs,
    OutSegs,
    RetransSegs,
    InErrs,
    OutRsts,
    InCsumErrors,
}

/// <summary>
/// /proc/net/netstat TcpExt: the columns the model moves, in the kernel's relative order (net/ipv4/proc.c
/// snmp4_net_list); the kernel prints more columns, all of which stay 0 for what the model does.
/// </summary>
public enum TcpExtMibField
{
    SyncookiesSent,
    SyncookiesRecv,
    SyncookiesFailed,
    PruneCalled,
    RcvPruned,
    OfoPruned,
    DelayedACKs,
    DelayedACKLocked,
    DelayedACKLost,
    ListenOverflows,
    ListenDrops,
    TCPHPHits,
    TCPPureAcks,
    TCPHPAcks,
    TCPRcvCollapsed,
    TCPBacklogCoalesce,
    TCPBacklogDrop,
    TCPReqQFullDoCookies,
    TCPReqQFullDrop,
    TCPRcvCoalesce,
    TCPOFOQueue,
    TCPOFODrop,
    TCPOFOMerge,

    /// <summary>LINUX_MIB_BUSYPOLLRXPACKETS: packets a busy-polling thread's driver polls returned.</summary>
    BusyPollRxPackets,
    TCPFromZeroWindowAdv,
    TCPToZeroWindowAdv,
    TCPWantZeroWindowAdv,
    TCPSynRetrans,
    TCPZeroWindowDrop,
    TCPRcvQDrop,
}

/// <summary>/proc/net/snmp Icmp: columns, in the kernel's order (net/ipv4/proc.c icmp_put()).</summary>
public enum IcmpMibField
{
    InMsgs,
    InErrors,
    InCsumErrors,
    InDestUnreachs,
    InTimeExcds,
    InParmProbs,
    InSrcQuenchs,
    InRedirects,
    InEchos,
    InEchoReps,
    InTimestamps,
    InTimestampReps,
    InAddrMasks,
    InAddrMaskReps,
    OutMsgs,
    OutErrors,
    OutRateLimitGlobal,
    OutRateLimitHost,
    OutDestUnreachs,
    OutTimeExcds,
    OutParmProbs,
    OutSrcQuenchs,
    OutRedirects,
    OutEchos,
    OutEchoReps,
    OutTimestamps,
    OutTimestampReps,
    OutAddrMasks,
    OutAddrMaskReps,
}
