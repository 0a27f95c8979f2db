namespace ActorStack.Wire;

/// <summary>What the wire-side TCP senders counted, all connections together.</summary>
public sealed class TcpPeerStats
{
    private long _segments;
    private long _lost;
    private long _reordered;
    private long _retransmits;
    private long _timeouts;
    private long _fastRetransmits;
    private long _acksReceived;
    private long _rstsReceived;
    private long _completed;
    private long _bytesAcked;
    private long _zeroWindowProbes;
    private long _aborted;

    /// <summary>Frames sent toward the host (including lost ones).</summary>
    public long Segments => Interlocked.Read(ref _segments);

    /// <summary>Frames lost on the wire.</summary>
    public long Lost => Interlocked.Read(ref _lost);

    /// <summary>Frames delayed out of order.</summary>
    public long Reordered => Interlocked.Read(ref _reordered);

    /// <summary>Data segments sent again.</summary>
    public long Retransmits => Interlocked.Read(ref _retransmits);

    /// <summary>Retransmission timeouts.</summary>
    public long Timeouts => Interlocked.Read(ref _timeouts);

    /// <summary>Fast retransmits (three duplicate ACKs).</summary>
    public long FastRetransmits => Interlocked.Read(ref _fastRetransmits);

    /// <summary>ACK segments received from the host.</summary>
    public long AcksReceived => Interlocked.Read(ref _acksReceived);

    /// <summary>RSTs received from the host.</summary>
    public long RstsReceived => Interlocked.Read(ref _rstsReceived);

    /// <summary>Connections whose data and FIN were all acknowledged.</summary>
    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>Payload bytes acknowledged by the host.</summary>
    public long BytesAcked => Interlocked.Read(ref _bytesAcked);

    /// <summary>Zero-window probes sent.</summary>
    public long ZeroWindowProbes => Interlocked.Read(ref _zeroWindowProbes);

    /// <summary>Connections given up (reset, or too many timeouts).</summary>
    public long Aborted => Interlocked.Read(ref _aborted);

    internal void CountSegment() => Interlocked.Increment(ref _segments);

    internal void CountLost() => Interlocked.Increment(ref _lost);

    internal void CountReordered() => Interlocked.Increment(ref _reordered);

    internal void CountRetransmit() => Interlocked.Increment(ref _retransmits);

    internal void CountTimeout() => Interlocked.Increment(ref _timeouts);

    internal void CountFastRetransmit() => Interlocked.Increment(ref _fastRetransmits);

    internal void CountAck() => Interlocked.Increment(ref _acksReceived);

    internal void CountRst() => Interlocked.Increment(ref _rstsReceived);

    internal void CountCompleted() => Interlocked.Increment(ref _completed);

    internal void CountAcked(long bytes) => Interlocked.Add(ref _bytesAcked, bytes);

    internal void CountProbe() => Interlocked.Increment(ref _zeroWindowProbes);

    internal void CountAborted() => Interlocked.Increment(ref _aborted);
}
