namespace ActorStack.Actors;

/// <summary>
/// Busy time per simulated CPU, split like mpstat into %usr, %soft and %irq. Every <see cref="IActorContext.Spend"/>
/// lands here. Each CPU's row is written by that CPU only (one thread); reports read it from anywhere.
/// </summary>
public sealed class CpuUsage
{
    private readonly long[] _nanos;

    // Per CPU, busy nanoseconds per (time bucket, column), grown as model time passes; written by that CPU only.
    private readonly long[][] _timeline;

    internal CpuUsage(int cpus, long timelineBucketNanos)
    {
        Cpus = cpus;
        _nanos = new long[cpus * 3];
        TimelineBucketNanos = timelineBucketNanos;
        _timeline = Enumerable.Range(0, cpus).Select(_ => new long[3 * 256]).ToArray();
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
        var row = _timeline[cpu];
        int buckets = (int)Math.Min(row.Length / 3, (untilNanos + TimelineBucketNanos - 1) / TimelineBucketNanos);
        var result = new (long, long, long)[buckets];
        for (int b = 0; b < buckets; b++)
        {
            result[b] = (row[b * 3], row[(b * 3) + 1], row[(b * 3) + 2]);
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
            int index = (int)(bucket * 3) + column;
            if (index >= _timeline[cpu].Length)
            {
                // Amortised growth as model time goes on, not per packet.
                Array.Resize(ref _timeline[cpu], Math.Max(index + 3, _timeline[cpu].Length * 2));
            }

            _timeline[cpu][index] += part;
            start += part;
        }
    }
}
