namespace ActorStack.Sockets;

/// <summary>What an application thread saw: datagrams, bytes, order per flow, recv calls and wakeups.</summary>
public sealed class ReceiverStats
{
    private long _datagrams;
    private long _bytes;
    private long _outOfOrder;
    private long _recvCalls;
    private long _wakeups;
    private long _checksumDrops;
    private long _malformed;

    /// <summary>Datagrams copied out.</summary>
    public long Datagrams => Interlocked.Read(ref _datagrams);

    /// <summary>Payload bytes copied out.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Datagrams whose sequence number was not above the last one seen in their flow.</summary>
    public long OutOfOrder => Interlocked.Read(ref _outOfOrder);

    /// <summary>recvfrom() calls.</summary>
    public long RecvCalls => Interlocked.Read(ref _recvCalls);

    /// <summary>Times the thread was woken from a blocking recvfrom().</summary>
    public long Wakeups => Interlocked.Read(ref _wakeups);

    /// <summary>Datagrams skipped for a bad checksum found during the copy.</summary>
    public long ChecksumDrops => Interlocked.Read(ref _checksumDrops);

    /// <summary>Datagrams too short to carry a flow id and sequence number.</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    /// <summary>The thread's busy polling (SO_BUSY_POLL).</summary>
    public BusyPollStats Busy { get; } = new();

    internal void CountDatagram(int bytes)
    {
        Interlocked.Increment(ref _datagrams);
        Interlocked.Add(ref _bytes, bytes);
    }

    internal void CountOutOfOrder() => Interlocked.Increment(ref _outOfOrder);

    internal void CountRecvCall() => Interlocked.Increment(ref _recvCalls);

    internal void CountWakeup() => Interlocked.Increment(ref _wakeups);

    internal void CountChecksumDrop() => Interlocked.Increment(ref _checksumDrops);

    internal void CountMalformed() => Interlocked.Increment(ref _malformed);
}
