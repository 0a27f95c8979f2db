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
    private long _busyLoops;
    private long _busyLoopsWithData;
    private long _busyTurns;
    private long _busyPackets;
    private long _busyNanos;
    private long _busyResched;

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

    /// <summary>sk_busy_loop() calls: an empty recvfrom() that busy polled before sleeping.</summary>
    public long BusyLoops => Interlocked.Read(ref _busyLoops);

    /// <summary>Busy loops that ended because a datagram reached the socket (the rest ran out of time).</summary>
    public long BusyLoopsWithData => Interlocked.Read(ref _busyLoopsWithData);

    /// <summary>Turns of the busy loops (each a driver poll, or a spin while someone else owned the NAPI).</summary>
    public long BusyTurns => Interlocked.Read(ref _busyTurns);

    /// <summary>Packets this thread's busy-poll turns took from the ring (its share of BusyPollRxPackets).</summary>
    public long BusyPackets => Interlocked.Read(ref _busyPackets);

    /// <summary>Model time spent in busy loops, ns.</summary>
    public long BusyNanos => Interlocked.Read(ref _busyNanos);

    /// <summary>Busy loops interrupted because another thread wanted the CPU (need_resched: busy_poll_stop, cond_resched).</summary>
    public long BusyResched => Interlocked.Read(ref _busyResched);

    internal void CountBusyLoop() => Interlocked.Increment(ref _busyLoops);

    internal void CountBusyTurn(int packets)
    {
        Interlocked.Increment(ref _busyTurns);
        Interlocked.Add(ref _busyPackets, packets);
    }

    internal void CountBusyLoopEnd(bool withData, long nanos)
    {
        if (withData)
        {
            Interlocked.Increment(ref _busyLoopsWithData);
        }

        Interlocked.Add(ref _busyNanos, nanos);
    }

    internal void CountBusyResched() => Interlocked.Increment(ref _busyResched);

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
