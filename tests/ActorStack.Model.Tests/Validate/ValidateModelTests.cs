using ActorStack.Host.Validate;
using ActorStack.Nic.Drivers;

namespace ActorStack.Model.Tests.Validate;

/// <summary>The model's half of every validate experiment reproduces what the kernel measured (<see cref="KernelFigures"/>).</summary>
public sealed class ValidateModelTests
{
    [Theory]
    [MemberData(nameof(UdpFillCases))]
    public void UdpFill_NeverReadSocketOverLoopback_QueuesWhatTheKernelQueues(int? rcvbuf, int payload, int skRcvbuf, int queued, int truesize)
    {
        var m = ModelExperiments.UdpFill(rcvbuf, payload, 2000);

        Assert.Equal(skRcvbuf, m.SkRcvbuf);
        Assert.Equal(queued, m.Queued);
        Assert.Equal(truesize, m.Truesize);
        Assert.Equal(2000 - queued, m.RcvbufErrors);
        Assert.Equal(2000 - queued, m.InErrors);
        // 6.18 counts InDatagrams in udp_recvmsg(): nothing before the socket is read.
        Assert.Equal(0, m.InDatagrams);
        Assert.Equal(queued, m.InDatagramsAfterRead);
    }

    public static TheoryData<int?, int, int, int, int> UdpFillCases => KernelFigures.UdpFill;

    [Fact]
    public void ClosedPort_OverLoopback_AnswersEveryDatagram()
    {
        var m = ModelExperiments.ClosedPort("loopback", 200);

        Assert.Equal(200, m.NoPorts);
        Assert.Equal(KernelFigures.LoopbackDestUnreachs, m.OutDestUnreachs);
        Assert.Equal(0, m.OutRateLimitGlobal + m.OutRateLimitHost);
    }

    [Fact]
    public void ClosedPort_AcrossVeth_PerDestinationBurstOfSix()
    {
        var m = ModelExperiments.ClosedPort("veth", 200);

        Assert.Equal(200, m.NoPorts);
        Assert.Equal(KernelFigures.VethDestUnreachs, m.OutDestUnreachs);
        Assert.Equal(194, m.OutRateLimitHost);
        Assert.Equal(0, m.OutRateLimitGlobal);
    }

    [Fact]
    public void VethFlood_WithoutRps_ReceivesOnTheSendersCpuAndNeverFillsABacklogOfTen()
    {
        var m = ModelExperiments.VethFlood(5000, maxBacklog: 10, rpsCpus: null);

        // Kernel: softnet processed 50000 on CPU 0, 0 on CPU 1, 0 dropped (each packet is processed at the sender's
        // local_bh_enable before the next is sent).
        Assert.Equal([5000L, 0L], m.Processed);
        Assert.Equal([0L, 0L], m.Dropped);
        Assert.Equal(5000, m.Queued);
    }

    [Fact]
    public void VethFlood_RpsToCpu1_ProcessesEveryPacketThereAfterAnIpi()
    {
        var m = ModelExperiments.VethFlood(5000, maxBacklog: 1000, rpsCpus: 2);

        // Kernel: processed 0 / 50000, received_rps on CPU 1 only, nothing dropped with the default backlog.
        Assert.Equal(0, m.Processed[0]);
        Assert.Equal(5000, m.Processed[1]);
        Assert.True(m.ReceivedRps[1] > 0);
        Assert.Equal(0, m.ReceivedRps[0]);
        Assert.Equal(0, m.Dropped.Sum());
    }

    [Fact]
    public void TcpSlowReader_AcrossVeth_IsHeldBackByTheWindowAndNeverPrunes()
    {
        var m = ModelExperiments.TcpSlowReader(KernelFigures.TcpSlowReaderBytesRead / 1448);

        foreach (var counter in new[] { "PruneCalled", "RcvPruned", "TCPRcvCollapsed", "TCPRcvQDrop" })
        {
            Assert.Equal(KernelFigures.TcpSlowReader[counter], m.TcpExt[counter]);
        }

        Assert.True(m.TcpExt["TCPRcvCoalesce"] > 0);
        Assert.True(m.TcpExt["TCPToZeroWindowAdv"] > 0);
        Assert.Equal(m.TcpExt["TCPToZeroWindowAdv"], m.TcpExt["TCPFromZeroWindowAdv"]);
    }

    [Theory]
    // kernel-reference 17.9: UDP payload 1, 64, 512, 1400 B (frame = payload + 42).
    [InlineData(DriverKind.Ixgbe, 2304, 2304, 2304, 2304)]
    [InlineData(DriverKind.Mlx5, 704, 768, 1216, 2112)]
    [InlineData(DriverKind.VirtioNet, 832, 832, 1792, 2368)]
    [InlineData(DriverKind.Veth, 832, 832, 1280, 2304)]
    [InlineData(DriverKind.Loopback, 832, 832, 1280, 2304)]
    public void DriverProfile_RxTruesize_FollowsTheDriversAllocation(DriverKind kind, int p1, int p64, int p512, int p1400)
    {
        var profile = DriverProfile.Of(kind);

        Assert.Equal([p1, p64, p512, p1400], new[] { 1, 64, 512, 1400 }.Select(p => profile.RxTruesize(p + 42)).ToArray());
    }
}
