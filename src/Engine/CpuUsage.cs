namespace ActorStack.Engine;

/// <summary>
/// Busy time per simulated CPU, split like mpstat into %usr, %soft and %irq. Every <see cref="IActorContext.Spend"/>
/// lands here. Each CPU's row is written by that CPU only (one thread); reports read it from anywhere.
/// </summary>
public sealed class CpuUsage
{
    private readonly long[] _nanos;

    // Buckets per timeline chunk: chunks are added as model time passes (never copied), one per ~200 ms at 50 µs.
    private const int ChunkBuckets = 4096;

    // Per CPU, busy nanoseconds per (time bucket, column) in chunks; written by that CPU only. int: a bucket's
    // busy time never exceeds its width, which the constructor limits to int range.
    private readonly List<int[]>[] _timeline;

    internal CpuUsage(int cpus, long timelineBucketNanos)
    {
        Cpus = cpus;
        _nanos = new long[cpus * 3];
        ArgumentOutOfRangeException.ThrowIfGreaterThan(timelineBucketNanos, int.MaxValue);
        ArgumentOutOfRangeException.ThrowIfLessThan(timelineBucketNanos, 1);
        TimelineBucketNanos = timelineBucketNanos;
        _timeline = Enumerable.Range(0, cpus).Select(_ => new List<int[]> { new int[3 * ChunkBuckets] }).ToArray();
    }

    /// <summary>Width of one timeline bucket in model nanoseconds.</summary>
    public long TimelineBucketNanos { get; }

    // The clock whose "now" is the end of the Spend being accounted (virtual: the actor's own time).
    internal IClock? Clock { get; set; }

    /// <summary>Simulated CPUs.</summary>
    public int Cpus { get; }

    /// <summary>Nanoseconds spent by threads (%usr) on <paramref name="cpu"/>.</summary>
    public long UserNanos(int cpu) => Volatile.Read(ref _nanos[(cpu * 3) + 0]);

    /// <summary>Nanoseconds spent in softirq, inline or in ksoftirqd (%soft).</summary>
    public long SoftNanos(int cpu) => Volatile.Read(ref _nanos[(cpu * 3) + 1]);

    /// <summary>Nanoseconds spent in hard IRQ handlers (%irq).</summary>
    public long IrqNanos(int cpu) => Volatile.Read(ref _nanos[(cpu * 3) + 2]);

    /// <summary>All busy nanoseconds on <paramref name="cpu"/>.</summary>
    public long BusyNanos(int cpu) => UserNanos(cpu) + SoftNanos(cpu) + IrqNanos(cpu);

    internal void Add(int cpu, ExecClass execClass, long nanos)
    {
        if (cpu < 0)
        {
            return;
        }

        int column = execClass.AccountingColumn();
        ref long slot = ref _nanos[(cpu * 3) + column];
        // One writer per row; Volatile so a report on another thread sees a whole value.
        Volatile.Write(ref slot, slot + nanos);
        if (Clock is { } clock)
        {
            AddToTimeline(cpu, column, clock.NowNanos - nanos, clock.NowNanos);
        }
    }

    /// <summary>
    /// The timeline of <paramref name="cpu"/>: for each bucket of <see cref="TimelineBucketNanos"/> from time 0, the
    /// busy nanoseconds of %usr, %soft and %irq. Read it after the run.
    /// </summary>
    public IReadOnlyList<(long User, long Soft, long Irq)> Timeline(int cpu, long untilNanos)
    {
        var chunks = _timeline[cpu];
        int buckets = (int)Math.Min((long)chunks.Count * ChunkBuckets, (untilNanos + TimelineBucketNanos - 1) / TimelineBucketNanos);
        var result = new (long, long, long)[buckets];
        for (int b = 0; b < buckets; b++)
        {
            var chunk = chunks[b / ChunkBuckets];
            int i = (b % ChunkBuckets) * 3;
            result[b] = (chunk[i], chunk[i + 1], chunk[i + 2]);
        }

        return result;
    }

    private void AddToTimeline(int cpu, int column, long start, long end)
    {
        start = Math.Max(0, start);
        while (start < end)
        {
            long bucket = start / TimelineBucketNanos;
            long bucketEnd = (bucket + 1) * TimelineBucketNanos;
            long part = Math.Min(end, bucketEnd) - start;
            var chunks = _timeline[cpu];
            while (bucket >= (long)chunks.Count * ChunkBuckets)
            {
                // A new chunk per ChunkBuckets of model time, not per packet.
                chunks.Add(new int[3 * ChunkBuckets]);
            }

            chunks[(int)(bucket / ChunkBuckets)][(int)(bucket % ChunkBuckets * 3) + column] += (int)part;
            start += (int)part;
        }
    }
}
