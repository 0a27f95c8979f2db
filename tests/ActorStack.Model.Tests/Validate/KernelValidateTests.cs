using ActorStack.Host.Validate;

namespace ActorStack.Model.Tests.Validate;

/// <summary>
/// The kernel's half, on the machine the tests run on: the probe measures the real kernel in network namespaces (root
/// and iproute2 needed; skipped with the reason otherwise), and the figures the model's tests are held to must still
/// be what the kernel does. CI runs as root, so there it runs.
/// </summary>
public sealed class KernelValidateTests
{
    [SkippableFact]
    public void Validate_OnThisKernel_ReproducesTheFiguresTheModelIsTestedAgainst()
    {
        string? missing = KernelHalf.Missing();
        Skip.If(missing is not null, missing);

        var plan = ValidatePlan.Parse("udp-fill,closed-port,tcp-slow-reader", quick: true, kernelJson: null, saveKernel: null);
        var report = KernelHalf.Measure(plan, TextWriter.Null);

        Assert.Empty(report.Failures);
        foreach (var row in KernelFigures.UdpFill)
        {
            var (rcvbuf, payload, skRcvbuf, queued, truesize) = ((int?)row[0], (int)row[1]!, (int)row[2]!, (int)row[3]!, (int)row[4]!);
            var measured = Assert.Single(report.UdpFill!, c => c.RcvbufRequested == rcvbuf && c.Payload == payload);
            Assert.Equal(skRcvbuf, measured.SkRcvbuf);
            Assert.Equal(queued, measured.Queued);
            Assert.Equal(truesize, measured.Truesize);
        }

        Assert.Equal(KernelFigures.LoopbackDestUnreachs * report.ClosedPort!.Loopback.Sent / 200, report.ClosedPort.Loopback.IcmpOutDestUnreachs);
        Assert.Equal(KernelFigures.VethDestUnreachs, report.ClosedPort.Veth.IcmpOutDestUnreachs);
        var tcp = report.TcpSlowReader!;
        foreach (var counter in new[] { "PruneCalled", "RcvPruned", "TCPRcvCollapsed", "TCPRcvQDrop" })
        {
            Assert.Equal(KernelFigures.TcpSlowReader[counter], tcp.TcpExt[counter]);
        }

        Assert.True(tcp.TcpExt["TCPRcvCoalesce"] > 0);
        Assert.True(tcp.TcpExt["TCPToZeroWindowAdv"] > 0);

        // And the whole table, model against this kernel, passes on these experiments.
        Assert.All(ValidateRows.Of(report), row => Assert.True(row.Pass, $"{row.Experiment}: {row.Quantity} kernel {row.Kernel} model {row.Model} ({row.Rule})"));
    }
}
