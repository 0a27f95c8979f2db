using ActorStack.Engine;
using ActorStack.Host;
using ActorStack.Softirq;
using ActorStack.Softirq.Snmp;
using ActorStack.Sockets;
using ActorStack.Softirq.Skb;
using Serilog;

namespace ActorStack.Model.Tests;

/// <summary>Small differences from Linux found by comparing with the kernel, each with the kernel's behaviour written in.</summary>
public class FidelityGapTests
{
    [Theory]
    [InlineData(1000, 1024)]
    [InlineData(1024, 1024)]
    [InlineData(1, 1)]
    [InlineData(0, 0)]
    public void RpsSockFlowEntries_IsRoundedUpToAPowerOfTwo_AsTheSysctlReadsBack(int written, int readBack)
    {
        // rps_sock_flow_sysctl(): size = roundup_pow_of_two(size). On this machine's 6.18 kernel, writing 1000 to
        // /proc/sys/net/core/rps_sock_flow_entries reads back 1024.
        var options = Knobs.Apply(new ScenarioOptions(), $"net.core.rps_sock_flow_entries={written}");
        Assert.Equal(readBack, options.Net.RpsSockFlowEntries);
    }

    [Fact]
    public void UdpSocketOverrun_LogsNothing_AndIsCountedWhereLinuxCountsIt()
    {
        // Linux prints no line when a UDP socket's buffer is full: __udp_enqueue_schedule_skb() only counts
        // UDP_MIB_RCVBUFERRORS and UDP_MIB_INERRORS and frees the skb with SKB_DROP_REASON_SOCKET_RCVBUFF.
        var sink = new LatencyAndLogTests.ListSink();
        using var log = new LoggerConfiguration().MinimumLevel.Information().WriteTo.Sink(sink).CreateLogger();
        RunResult result;
        using (var host = new SimulatedHost(ScenarioRunner.Options("default", "traffic.packets=500", "app.read=off"), log))
        {
            result = host.Run();
        }

        long drops = result.Drops.Where(d => d.Reason == SkbDropReason.SocketRcvbuff).Sum(d => d.Count);
        Assert.True(drops > 0);
        Assert.Equal(drops, result.Counters.UdpRcvbufErrors);
        Assert.DoesNotContain(LatencyAndLogTests.Snapshot(sink), e => e.MessageTemplate.Text.Contains("udp", StringComparison.Ordinal));
    }

    [Fact]
    public void ClosedPort_TrafficDport_CountsNoPortsAndRateLimitsTheIcmpReplies()
    {
        // __udp4_lib_rcv(): no socket → UDP_MIB_NOPORTS, icmp_send(PORT_UNREACH), kfree_skb(NO_SOCKET). The replies to
        // one destination are limited by icmpv4_xrlim_allow (net.ipv4.icmp_ratelimit 1000 ms, burst 6): 3 s of traffic
        // sends 6 + 2.
        var r = ScenarioRunner.Run("default", "traffic.dport=9999", "traffic.packets=3000", "traffic.rate=1000");

        Assert.Equal(3000, r.Counters.UdpNoPorts);
        Assert.Equal(3000, r.Drops.Single(d => d.Reason == SkbDropReason.NoSocket).Count);
        var icmp = Row(r.Snmp, "Icmp:");
        Assert.Equal(8, icmp["OutDestUnreachs"]);
        Assert.Equal(2992, icmp["OutRateLimitHost"]);
    }

    [Fact]
    public void ClosedPortKnob_OnATcpRun_IsRefused() =>
        Assert.Contains("traffic.dport", Assert.ThrowsAny<Exception>(() => ScenarioRunner.Options("default", "traffic.protocol=tcp", "traffic.dport=9999")).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(11)]
    public void DatagramsShorterThanTheFlowHeader_AreSentAndDelivered_LikeLinuxSendsThem(int payload)
    {
        // Linux sends and delivers a UDP datagram of any length from 0 bytes; the model checks order only from 12 bytes
        // up (flow and sequence), and does not call the shorter ones malformed.
        var r = ScenarioRunner.Run("default", $"traffic.payload={payload}", "traffic.packets=200");

        Assert.Equal(200, r.Conservation.Delivered);
        Assert.Equal(200, r.Counters.UdpInDatagrams);
        Assert.All(r.Sockets, s => Assert.Equal(0, s.OutOfOrder));
    }

    [Fact]
    public void NetstatTcpExt_HasEveryColumnOfLinux618_InTheKernelsOrder()
    {
        // The first line of /proc/net/netstat on the 6.18.44 dev machine (net/ipv4/proc.c snmp4_net_list).
        const string Linux618 =
            "TcpExt: SyncookiesSent SyncookiesRecv SyncookiesFailed EmbryonicRsts PruneCalled RcvPruned OfoPruned " +
            "OutOfWindowIcmps LockDroppedIcmps ArpFilter TW TWRecycled TWKilled PAWSActive PAWSEstab BeyondWindow " +
            "TSEcrRejected PAWSOldAck PAWSTimewait DelayedACKs DelayedACKLocked DelayedACKLost ListenOverflows " +
            "ListenDrops TCPHPHits TCPPureAcks TCPHPAcks TCPRenoRecovery TCPSackRecovery TCPSACKReneging " +
            "TCPSACKReorder TCPRenoReorder TCPTSReorder TCPFullUndo TCPPartialUndo TCPDSACKUndo TCPLossUndo " +
            "TCPLostRetransmit TCPRenoFailures TCPSackFailures TCPLossFailures TCPFastRetrans TCPSlowStartRetrans " +
            "TCPTimeouts TCPLossProbes TCPLossProbeRecovery TCPRenoRecoveryFail TCPSackRecoveryFail " +
            "TCPRcvCollapsed TCPBacklogCoalesce TCPDSACKOldSent TCPDSACKOfoSent TCPDSACKRecv TCPDSACKOfoRecv " +
            "TCPAbortOnData TCPAbortOnClose TCPAbortOnMemory TCPAbortOnTimeout TCPAbortOnLinger TCPAbortFailed " +
            "TCPMemoryPressures TCPMemoryPressuresChrono TCPSACKDiscard TCPDSACKIgnoredOld TCPDSACKIgnoredNoUndo " +
            "TCPSpuriousRTOs TCPMD5NotFound TCPMD5Unexpected TCPMD5Failure TCPSackShifted TCPSackMerged " +
            "TCPSackShiftFallback TCPBacklogDrop PFMemallocDrop TCPMinTTLDrop TCPDeferAcceptDrop " +
            "IPReversePathFilter TCPTimeWaitOverflow TCPReqQFullDoCookies TCPReqQFullDrop TCPRetransFail " +
            "TCPRcvCoalesce TCPOFOQueue TCPOFODrop TCPOFOMerge TCPChallengeACK TCPSYNChallenge TCPFastOpenActive " +
            "TCPFastOpenActiveFail TCPFastOpenPassive TCPFastOpenPassiveFail TCPFastOpenListenOverflow " +
            "TCPFastOpenCookieReqd TCPFastOpenBlackhole TCPSpuriousRtxHostQueues BusyPollRxPackets TCPAutoCorking " +
            "TCPFromZeroWindowAdv TCPToZeroWindowAdv TCPWantZeroWindowAdv TCPSynRetrans TCPOrigDataSent " +
            "TCPHystartTrainDetect TCPHystartTrainCwnd TCPHystartDelayDetect TCPHystartDelayCwnd " +
            "TCPACKSkippedSynRecv TCPACKSkippedPAWS TCPACKSkippedSeq TCPACKSkippedFinWait2 TCPACKSkippedTimeWait " +
            "TCPACKSkippedChallenge TCPWinProbe TCPKeepAlive TCPMTUPFail TCPMTUPSuccess TCPDelivered " +
            "TCPDeliveredCE TCPAckCompressed TCPZeroWindowDrop TCPRcvQDrop TCPWqueueTooBig " +
            "TCPFastOpenPassiveAltKey TcpTimeoutRehash TcpDuplicateDataRehash TCPDSACKRecvSegs " +
            "TCPDSACKIgnoredDubious TCPMigrateReqSuccess TCPMigrateReqFailure TCPPLBRehash TCPAORequired TCPAOBad " +
            "TCPAOKeyNotFound TCPAOGood TCPAODroppedIcmps";
        var r = ScenarioRunner.Run("default", "traffic.packets=10");

        Assert.Equal(Linux618, r.Netstat.Split('\n')[0]);
        Assert.Equal(Linux618.Split(' ').Length, r.Netstat.Split('\n')[1].Split(' ').Length);
    }

    [Fact]
    public void UdpSocketMailbox_Full_DropsAreCountedWhereTheKernelCountsAReceiveBufferDrop()
    {
        // Softirq calls into a Linux socket directly; the model's socket is an actor whose mailbox a saturated live
        // thread can let grow. It is bounded: a datagram refused by a full mailbox is RcvbufErrors, InErrors, a socket
        // drop and SOCKET_RCVBUFF, and the ledger still balances.
        using var system = Simulation.CreateDeterministic(cpuCount: 1, seed: 1);
        var stack = new NetStack(system, new NetCoreOptions());
        var info = new UdpSockInfo(new Endpoint(0x0a000001, 5000), 212992, rcvbufLocked: false);
        var socket = system.Spawn(UdpSock.Props(stack, info), "udp:test");
        int sent = UdpSock.MailboxLimit + 100;
        for (int i = 0; i < sent; i++)
        {
            stack.Ledger.CountInjected();
            socket.Tell(UdpEnqueue.Of(stack.Pool.AllocSkb(64)));
        }

        Assert.Equal(100, stack.Snmp.Udp[UdpMibField.RcvbufErrors]);
        Assert.Equal(100, stack.Snmp.Udp[UdpMibField.InErrors]);
        Assert.Equal(100, info.Drops);
        Assert.Equal(100, stack.Ledger.Dropped(SkbDropReason.SocketRcvbuff));
        system.RunUntilQuiet();
        Assert.Equal(sent, stack.Ledger.Conservation(stack.Pool.LivePackets).Injected);
        Assert.True(stack.Ledger.Conservation(stack.Pool.LivePackets).Holds);
    }

    // A /proc/net/snmp section as name → value.
    private static Dictionary<string, long> Row(string snmp, string prefix)
    {
        var lines = snmp.Split('\n').Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).ToArray();
        var names = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1);
        var values = lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse);
        return names.Zip(values).ToDictionary(p => p.First, p => p.Second);
    }
}
