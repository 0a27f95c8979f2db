namespace ActorStack.KernelProbe;

/// <summary>
/// Everything one probe run measured on the real kernel: the document the probe prints on stdout (snake_case keys) and
/// the Host's validate command deserializes. An experiment that was not asked for, or failed, is null; a failure is
/// also listed in <see cref="Failures"/>.
/// </summary>
public sealed record ProbeReport
{
    /// <summary>The running kernel's release (uname -r).</summary>
    public required string Kernel { get; init; }

    /// <summary>CPUs this process may run on.</summary>
    public required int Cpus { get; init; }

    /// <summary>Whether the shortened <c>--quick</c> settings were used.</summary>
    public bool Quick { get; init; }

    /// <summary>The experiments that were asked for, in the order they ran.</summary>
    public IReadOnlyList<string> Experiments { get; init; } = [];

    /// <summary>Wall time of the whole run, milliseconds.</summary>
    public long WallMs { get; init; }

    /// <summary>One case per SO_RCVBUF × payload: how many datagrams a never-read UDP socket holds.</summary>
    public IReadOnlyList<UdpFillCase>? UdpFill { get; init; }

    /// <summary>UDP to a closed port: NoPorts and the ICMP port-unreachables the rate limits let out.</summary>
    public ClosedPortReport? ClosedPort { get; init; }

    /// <summary>A UDP flood across a veth pair with and without RPS and a small netdev_max_backlog.</summary>
    public VethFloodReport? VethFlood { get; init; }

    /// <summary>A TCP receiver with a 4 KiB receive buffer reading slowly.</summary>
    public TcpSlowReaderReport? TcpSlowReader { get; init; }

    /// <summary>Experiments that failed, with the reason.</summary>
    public IReadOnlyList<ProbeFailure> Failures { get; init; } = [];
}
