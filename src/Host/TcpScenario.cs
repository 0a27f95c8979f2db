namespace ActorStack.Host;

/// <summary>
/// The TCP side of a scenario (traffic.protocol=tcp): sysctls, the listening application, and the wire between the
/// peer senders and the host.
/// </summary>
public sealed record TcpScenario
{
    /// <summary>net.ipv4.tcp_rmem: min, default (initial sk_rcvbuf), max (autotuning ceiling).</summary>
    public IReadOnlyList<int> Rmem { get; init; } = [4096, 131072, 33554432];

    /// <summary>net.core.somaxconn.</summary>
    public int Somaxconn { get; init; } = 4096;

    /// <summary>net.ipv4.tcp_max_syn_backlog.</summary>
    public int MaxSynBacklog { get; init; } = 1024;

    /// <summary>net.ipv4.tcp_syncookies (0 off, 1 when the SYN queue overflows, 2 always).</summary>
    public int Syncookies { get; init; } = 1;

    /// <summary>net.ipv4.tcp_moderate_rcvbuf.</summary>
    public bool ModerateRcvbuf { get; init; } = true;

    /// <summary>listen()'s backlog.</summary>
    public int ListenBacklog { get; init; } = 128;

    /// <summary>Reading threads (each accepts a connection and reads it to the end, then the next); 0: one per connection.</summary>
    public int Threads { get; init; }

    /// <summary>recv()'s len.</summary>
    public int RecvBytes { get; init; } = 65536;

    /// <summary>SO_RCVLOWAT.</summary>
    public int RcvLowat { get; init; } = 1;

    /// <summary>Work per recv while holding the socket lock, µs.</summary>
    public long LockHoldUs { get; init; }

    /// <summary>Work per recv outside the lock, µs.</summary>
    public long ThinkUs { get; init; }

    /// <summary>One-way wire delay, µs.</summary>
    public long WireDelayUs { get; init; } = 50;

    /// <summary>Loss toward the host, percent.</summary>
    public double LossPercent { get; init; }

    /// <summary>Reordering toward the host, percent.</summary>
    public double ReorderPercent { get; init; }

    /// <summary>Extra delay of a reordered frame, µs.</summary>
    public long ReorderDelayUs { get; init; } = 100;

    /// <summary>traffic.connect_gap_us: µs between successive connections' first SYN (0: all connect at once).</summary>
    public long ConnectGapUs { get; init; }
}
