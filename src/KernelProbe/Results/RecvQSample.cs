namespace ActorStack.KernelProbe;

/// <summary>One sample of the slow reader's socket, taken from a second thread while the reader sleeps or reads.</summary>
public sealed record RecvQSample
{
    /// <summary>Milliseconds since accept().</summary>
    public long TMs { get; init; }

    /// <summary>ioctl(FIONREAD): unread in-order payload bytes (ss's Recv-Q).</summary>
    public long RecvQ { get; init; }

    /// <summary>SO_MEMINFO rmem_alloc: truesize charged to the receive queue (ss -m's r).</summary>
    public long RmemAlloc { get; init; }

    /// <summary>SO_MEMINFO rcvbuf: sk_rcvbuf (ss -m's rb).</summary>
    public long Rcvbuf { get; init; }

    /// <summary>SO_MEMINFO drops: sk_drops.</summary>
    public long Drops { get; init; }
}
