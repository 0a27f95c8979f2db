namespace ActorStack.Sockets;

/// <summary>What one application thread's busy polling did (sk_busy_loop calls, their turns and how they ended).</summary>
public sealed class BusyPollStats
{
    private long _loops;
    private long _loopsWithData;
    private long _turns;
    private long _packets;
    private long _nanos;
    private long _resched;

    /// <summary>sk_busy_loop() calls: an empty read that busy polled before sleeping.</summary>
    public long Loops => Interlocked.Read(ref _loops);

    /// <summary>Loops that ended because data reached the socket (the rest ran out of time).</summary>
    public long LoopsWithData => Interlocked.Read(ref _loopsWithData);

    /// <summary>Turns of the loops (each a driver poll, or a spin while someone else owned the NAPI).</summary>
    public long Turns => Interlocked.Read(ref _turns);

    /// <summary>Packets this thread's turns took from the ring (its share of TcpExt BusyPollRxPackets).</summary>
    public long Packets => Interlocked.Read(ref _packets);

    /// <summary>Model time spent in busy loops, ns.</summary>
    public long Nanos => Interlocked.Read(ref _nanos);

    /// <summary>Times a loop gave the CPU up to another thread (need_resched: busy_poll_stop, cond_resched).</summary>
    public long Resched => Interlocked.Read(ref _resched);

    internal void CountLoop() => Interlocked.Increment(ref _loops);

    internal void CountTurn(int packets)
    {
        Interlocked.Increment(ref _turns);
        Interlocked.Add(ref _packets, packets);
    }

    internal void CountLoopEnd(bool withData, long nanos)
    {
        if (withData)
        {
            Interlocked.Increment(ref _loopsWithData);
        }

        Interlocked.Add(ref _nanos, nanos);
    }

    internal void CountResched() => Interlocked.Increment(ref _resched);
}
