namespace ActorStack.Model.Tests.Validate;

/// <summary>
/// What this machine's kernel (Linux 6.18.44, 2 vCPUs) did in the validate experiments, measured with
/// `dotnet src/Host/bin/Release/net10.0/ActorStack.Host.dll validate` on 2026-12-01; the same figures six runs in a
/// row where a count is given. Kernel facts behind them: ../shared/kernel-reference.md sections 11 and 17 (copy in
/// docs/kernel-reference-17-driver-profiles.md). The model's tests check it reproduces them; KernelValidateTests
/// checks the kernel still does.
/// </summary>
public static class KernelFigures
{
    /// <summary>udp-fill over loopback, 2000 datagrams into a never-read socket: (SO_RCVBUF or null, payload, sk_rcvbuf, queued, truesize).</summary>
    public static TheoryData<int?, int, int, int, int> UdpFill { get; } = new()
    {
        { null, 1, 212992, 256, 832 }, { null, 64, 212992, 256, 832 }, { null, 512, 212992, 166, 1280 }, { null, 1400, 212992, 92, 2304 },
        { 4096, 1, 8192, 9, 832 }, { 4096, 64, 8192, 9, 832 }, { 4096, 512, 8192, 6, 1280 }, { 4096, 1400, 8192, 3, 2304 },
        { 65536, 1, 131072, 157, 832 }, { 65536, 64, 131072, 157, 832 }, { 65536, 512, 131072, 102, 1280 }, { 65536, 1400, 131072, 56, 2304 },
        { 212992, 1, 425984, 512, 832 }, { 212992, 64, 425984, 512, 832 }, { 212992, 512, 425984, 332, 1280 }, { 212992, 1400, 425984, 184, 2304 },
    };

    /// <summary>closed-port: 200 datagrams to a closed port over loopback: one port unreachable each (__icmp_send() limits nothing that arrived on lo).</summary>
    public const int LoopbackDestUnreachs = 200;

    /// <summary>closed-port across veth from one source: the per-destination bucket's burst of 6, the rest OutRateLimitHost.</summary>
    public const int VethDestUnreachs = 6;

    /// <summary>The TCP slow reader (SO_RCVBUF 4096, 512 B every 10 ms, veth) for 5 s: TcpExt in the receiving namespace.</summary>
    public static IReadOnlyDictionary<string, long> TcpSlowReader { get; } = new Dictionary<string, long>
    {
        ["PruneCalled"] = 0, ["RcvPruned"] = 0, ["TCPRcvCollapsed"] = 0, ["TCPRcvQDrop"] = 0, ["TCPRcvCoalesce"] = 99,
        ["TCPToZeroWindowAdv"] = 33, ["TCPFromZeroWindowAdv"] = 33,
    };

    /// <summary>Bytes the kernel's slow reader read in its 5 s.</summary>
    public const long TcpSlowReaderBytesRead = 234840;
}
