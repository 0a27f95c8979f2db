namespace ActorStack.KernelProbe;

/// <summary>
/// A TCP server in B with SO_RCVBUF 4096 that reads 512 bytes every 10 ms while a client in A writes 1448-byte
/// chunks as fast as the window allows. If a segment's truesize does not fit sk_rcvbuf, tcp_data_queue() →
/// tcp_try_rmem_schedule() falls back to tcp_prune_queue() (PruneCalled, TCPRcvCollapsed, RcvPruned); whether that
/// happens depends on how well the advertised window (tcp_select_window(), scaled by tp->scaling_ratio) keeps the
/// sender inside the buffer. The zero-window counters show the reader being the bottleneck.
/// </summary>
public sealed record TcpSlowReaderReport
{
    /// <summary>How long the client wrote and the server read, milliseconds.</summary>
    public int DurationMs { get; init; }

    /// <summary>MTU of the veth pair.</summary>
    public int Mtu { get; init; }

    /// <summary>How one-segment-per-skb was forced on veth0 (the <c>ip link</c> options used).</summary>
    public required string SegmentationSetting { get; init; }

    /// <summary>SO_RCVBUF set on the listening socket before listen().</summary>
    public int ListenRcvbufRequested { get; init; }

    /// <summary>getsockopt(SO_RCVBUF) of the accepted socket (inherited from the listener).</summary>
    public int AcceptedSkRcvbuf { get; init; }

    /// <summary>Bytes per recv() call.</summary>
    public int ReadSize { get; init; }

    /// <summary>Sleep between recv() calls, milliseconds.</summary>
    public int ReadSleepMs { get; init; }

    /// <summary>Bytes per send() call of the client.</summary>
    public int WriteSize { get; init; }

    /// <summary>Bytes the client's send() calls accepted.</summary>
    public long ClientBytesWritten { get; init; }

    /// <summary>Bytes the server read.</summary>
    public long BytesRead { get; init; }

    /// <summary>Client TCP_INFO at the end: tcpi_snd_mss.</summary>
    public int ClientSndMss { get; init; }

    /// <summary>Client TCP_INFO at the end: tcpi_data_segs_out.</summary>
    public long ClientDataSegsOut { get; init; }

    /// <summary>Client TCP_INFO at the end: tcpi_total_retrans.</summary>
    public long ClientTotalRetrans { get; init; }

    /// <summary>Server TCP_INFO at the end: tcpi_rcv_mss (largest segment seen).</summary>
    public int ServerRcvMss { get; init; }

    /// <summary>Server TCP_INFO at the end: tcpi_data_segs_in.</summary>
    public long ServerDataSegsIn { get; init; }

    /// <summary>Server TCP_INFO at the end: tcpi_bytes_received (in-order payload accepted).</summary>
    public long ServerBytesReceived { get; init; }

    /// <summary>server_bytes_received / server_data_segs_in: ≈ 1448 when each skb carried one full segment.</summary>
    public double? MeanDataSegmentBytes { get; init; }

    /// <summary>B's Tcp InSegs delta.</summary>
    public long InSegs { get; init; }

    /// <summary>B's Tcp OutSegs delta.</summary>
    public long OutSegs { get; init; }

    /// <summary>B's TcpExt deltas, keyed by the kernel's counter names as in /proc/net/netstat.</summary>
    public IReadOnlyDictionary<string, long> TcpExt { get; init; } = new Dictionary<string, long>();

    /// <summary>Smallest sampled Recv-Q (FIONREAD), bytes.</summary>
    public long RecvQMin { get; init; }

    /// <summary>Mean sampled Recv-Q, bytes.</summary>
    public double RecvQMean { get; init; }

    /// <summary>Largest sampled Recv-Q, bytes.</summary>
    public long RecvQMax { get; init; }

    /// <summary>Recv-Q and socket memory sampled every sample_interval_ms while the server read.</summary>
    public IReadOnlyList<RecvQSample> Samples { get; init; } = [];

    /// <summary>Interval between samples, milliseconds.</summary>
    public int SampleIntervalMs { get; init; }
}
