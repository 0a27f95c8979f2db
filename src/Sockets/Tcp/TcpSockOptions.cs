namespace ActorStack.Sockets.Tcp;

/// <summary>Per-socket settings a TCP socket starts with (sysctls and socket options as the kernel applies them).</summary>
public sealed record TcpSockOptions
{
    /// <summary>Initial sk_rcvbuf: tcp_rmem[1] (131072), or 2 × SO_RCVBUF when set.</summary>
    public int Rcvbuf { get; init; } = 131072;

    /// <summary>SO_RCVBUF was set (SOCK_RCVBUF_LOCK): no autotuning.</summary>
    public bool RcvbufLocked { get; init; }

    /// <summary>tcp_rmem[2]: the autotuning ceiling (32 MiB on 6.18).</summary>
    public int RmemMax { get; init; } = 33554432;

    /// <summary>net.core.rmem_max, which with tcp_rmem[2] sets the window scale offered.</summary>
    public int CoreRmemMax { get; init; } = 4194304;

    /// <summary>sk_sndbuf: tcp_wmem[1] (16384); enters the backlog limit.</summary>
    public int Sndbuf { get; init; } = 16384;

    /// <summary>Our advertised MSS (1460 on a 1500-byte MTU without timestamps).</summary>
    public int AdvMss { get; init; } = 1460;

    /// <summary>SO_RCVLOWAT (1).</summary>
    public int RcvLowat { get; init; } = 1;

    /// <summary>net.ipv4.tcp_moderate_rcvbuf (1): receive buffer autotuning.</summary>
    public bool ModerateRcvbuf { get; init; } = true;

    /// <summary>CONFIG_HZ: delayed-ACK times are whole jiffies.</summary>
    public int Hz { get; init; } = 1000;

    /// <summary>
    /// The receive window scale tcp_select_initial_window() picks: log2 of max(tcp_rmem[2], rmem_max) (both exceed the
    /// first window's space) capped by the window clamp, minus 15, 0..14. A socket whose SO_RCVBUF is locked has its clamp set to the full space by
    /// tcp_openreq_init_rwin(), so a small locked buffer gets scale 0.
    /// </summary>
    public int WindowScaleFor(long windowClamp)
    {
        long space = Math.Min(Math.Max(RmemMax, CoreRmemMax), windowClamp);
        int scale = 0;
        while (space > 65535 && scale < 14)
        {
            space >>= 1;
            scale++;
        }

        return scale;
    }

    /// <summary>tcp_full_space() at the initial scaling ratio (50 %): the whole buffer as window.</summary>
    public long InitialFullSpace => Rcvbuf * 128L >> 8;

    /// <summary>The window clamp a passive open starts with: the full space when SO_RCVBUF is locked, else none.</summary>
    public long InitialWindowClamp => RcvbufLocked ? InitialFullSpace : 65535L << 14;

    /// <summary>The receive window scale offered in a SYN-ACK.</summary>
    public int WindowScale => WindowScaleFor(InitialWindowClamp);

    /// <summary>TCP_ATO_MIN = TCP_DELACK_MIN = HZ/25 jiffies, in ns.</summary>
    public long AtoMinNanos => JiffiesToNanos(Math.Max(1, Hz / 25));

    /// <summary>TCP_DELACK_MAX = HZ/5 jiffies, in ns.</summary>
    public long DelackMaxNanos => JiffiesToNanos(Math.Max(1, Hz / 5));

    /// <summary>Converts jiffies to ns.</summary>
    public long JiffiesToNanos(long jiffies) => jiffies * 1_000_000_000L / Hz;
}
