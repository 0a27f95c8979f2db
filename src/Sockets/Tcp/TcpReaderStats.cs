namespace ActorStack.Sockets.Tcp;

/// <summary>What a TCP reading thread counted (read by reports while the run goes on).</summary>
public sealed class TcpReaderStats
{
    private long _bytes;
    private long _recvCalls;
    private long _wakeups;
    private long _corrupt;
    private long _outOfOrder;
    private long _backlogProcessed;
    private long _accepted;
    private long _eagain;
    private long _smallestRead = long.MaxValue;

    /// <summary>The thread's busy polling (SO_BUSY_POLL) before each recv().</summary>
    public BusyPollStats Busy { get; } = new();

    /// <summary>Bytes copied to the application.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>recv() calls.</summary>
    public long RecvCalls => Interlocked.Read(ref _recvCalls);

    /// <summary>Times the thread was woken from sleep.</summary>
    public long Wakeups => Interlocked.Read(ref _wakeups);

    /// <summary>Bytes that did not match the sender's stream.</summary>
    public long CorruptBytes => Interlocked.Read(ref _corrupt);

    /// <summary>Reads that did not continue where the previous one ended.</summary>
    public long OutOfOrder => Interlocked.Read(ref _outOfOrder);

    /// <summary>Backlog skbs processed by this thread in release_sock.</summary>
    public long BacklogProcessed => Interlocked.Read(ref _backlogProcessed);

    /// <summary>Connections accepted.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Calls that returned EAGAIN.</summary>
    public long Eagain => Interlocked.Read(ref _eagain);

    /// <summary>The fewest bytes one recv() returned, not counting the read that reached end of stream (SO_RCVLOWAT shows here).</summary>
    public long SmallestRead => Interlocked.Read(ref _smallestRead);

    /// <summary>Connections that reached end of stream.</summary>
    public long Eofs { get; private set; }

    internal void CountRead(long bytes, bool endOfStream)
    {
        Interlocked.Add(ref _bytes, bytes);
        if (!endOfStream && bytes < Interlocked.Read(ref _smallestRead))
        {
            Interlocked.Exchange(ref _smallestRead, bytes);
        }
    }

    internal void CountRecv() => Interlocked.Increment(ref _recvCalls);

    internal void CountWakeup() => Interlocked.Increment(ref _wakeups);

    internal void CountCorrupt(long bytes) => Interlocked.Add(ref _corrupt, bytes);

    internal void CountOutOfOrder() => Interlocked.Increment(ref _outOfOrder);

    internal void CountBacklog(int n) => Interlocked.Add(ref _backlogProcessed, n);

    internal void CountAccepted() => Interlocked.Increment(ref _accepted);

    internal void CountEagain() => Interlocked.Increment(ref _eagain);

    internal void CountEof() => Eofs++;
}
