namespace ActorStack.Host.Validate;

/// <summary>The model's figures for one UDP fill case.</summary>
public sealed record UdpFillFigures(int SkRcvbuf, long Queued, long? Truesize, long RcvbufErrors, long InErrors, long InDatagrams)
{
    /// <summary>Udp InDatagrams once a reader has drained the filled socket.</summary>
    public long InDatagramsAfterRead { get; init; }
}

/// <summary>The model's figures for a closed-port burst.</summary>
public sealed record ClosedPortFigures(long NoPorts, long OutDestUnreachs, long OutRateLimitGlobal, long OutRateLimitHost);

/// <summary>The model's figures for one veth flood case (softnet columns per CPU).</summary>
public sealed record VethFloodFigures(long[] Processed, long[] Dropped, long[] ReceivedRps, long Queued, long RcvbufErrors, long SenderSndbufErrors, long Veth0TxDropped, long Veth1RxDropped);

/// <summary>The model's TcpExt counters and bytes read for the TCP slow reader.</summary>
public sealed record TcpSlowReaderFigures(IReadOnlyDictionary<string, long> TcpExt, long BytesRead)
{
    /// <summary>Recv-Q (unread bytes) sampled every interval of model time, as ss would show it.</summary>
    public IReadOnlyList<long> RecvQSamples { get; init; } = [];

    /// <summary>The counters compared.</summary>
    public static IReadOnlyList<string> Counters { get; } =
    [
        "PruneCalled", "RcvPruned", "OfoPruned", "TCPRcvCollapsed", "TCPRcvQDrop", "TCPRcvCoalesce", "TCPBacklogDrop",
        "TCPZeroWindowDrop", "TCPToZeroWindowAdv", "TCPFromZeroWindowAdv", "TCPWantZeroWindowAdv", "TCPOFODrop",
    ];
}
