namespace ActorStack.KernelProbe;

/// <summary>
/// Counts and durations of the experiments. <see cref="Quick"/> keeps what each experiment shows (every buffer size
/// and payload, the burst of 200, both backlog sizes) and only trims repeats and the long-running parts.
/// </summary>
internal sealed record ProbeSettings
{
    /// <summary>Datagrams per udp-fill case: well past the 512 a 212992-byte buffer holds at the smallest truesize.</summary>
    public int UdpFillCount { get; init; } = 2000;

    /// <summary>Datagrams per closed-port burst: several times icmp_msgs_burst (50).</summary>
    public int ClosedPortBurst { get; init; } = 200;

    /// <summary>Fresh-namespace repeats of the loopback burst.</summary>
    public int ClosedPortRepeats { get; init; } = 5;

    /// <summary>Datagrams per veth-flood case.</summary>
    public int FloodDatagrams { get; init; } = 50_000;

    /// <summary>How long the slow reader reads, milliseconds.</summary>
    public int TcpDurationMs { get; init; } = 5_000;

    public static ProbeSettings Default { get; } = new();

    public static ProbeSettings Quick { get; } = new()
    {
        ClosedPortRepeats = 3,
        FloodDatagrams = 20_000,
        TcpDurationMs = 2_000,
    };
}
