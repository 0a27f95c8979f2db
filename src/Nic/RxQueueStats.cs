namespace ActorStack.Nic;

/// <summary>Per-queue hardware and driver counters, as ethtool -S shows them.</summary>
public sealed class RxQueueStats
{
    private long _packets;
    private long _bytes;
    private long _missed;
    private long _csumErrors;
    private long _interruptsRaised;

    /// <summary>rx_queue_N_packets: frames written to the ring.</summary>
    public long Packets => Interlocked.Read(ref _packets);

    /// <summary>rx_queue_N_bytes.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Frames dropped for lack of a posted buffer (feeds rx_missed_errors and rx_no_buffer_count).</summary>
    public long Missed => Interlocked.Read(ref _missed);

    /// <summary>rx_csum_offload_errors: L4 checksum failures seen by the offload engine.</summary>
    public long ChecksumErrors => Interlocked.Read(ref _csumErrors);

    /// <summary>Interrupts this queue's vector raised.</summary>
    public long InterruptsRaised => Interlocked.Read(ref _interruptsRaised);

    internal void CountPacket(int length)
    {
        Interlocked.Increment(ref _packets);
        Interlocked.Add(ref _bytes, length);
    }

    internal void CountMissed() => Interlocked.Increment(ref _missed);

    internal void CountChecksumError() => Interlocked.Increment(ref _csumErrors);

    internal void CountInterrupt() => Interlocked.Increment(ref _interruptsRaised);
}
