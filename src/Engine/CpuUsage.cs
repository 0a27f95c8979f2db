namespace ActorStack.Engine;

/// <summary>
/// Busy time per simulated CPU, split like mpstat into %usr, %sys, %irq, %soft and %steal. Every
/// <see cref="ICpuContext.Spend"/> lands here. Each CPU's row is written by that CPU only (one thread); reports read it from anywhere.
/// </summary>
public sealed class CpuUsage
{
    private readonly long[] _nanos;

    // Columns per CPU: one per CpuColumn.
    private const int Columns = 5;

    // Buckets per timeline chunk: chunks are added as model time passes (never copied), one per ~200 ms at 50 µs.
    private const int ChunkBuckets = 4096;

    // Per CPU, busy nanoseconds per (time bucket, column); written by that CPU only.
    private readonly TimelineRow[] _timeline;

    internal CpuUsage(int cpus, long timelineBucketNanos)
    {
        Cpus = cpus;
        _nanos = new long[cpus * Columns];
        ArgumentOutOfRangeException.ThrowIfLessThan(timelineBucketNanos, 1);
        InitialBucketNanos = timelineBucketNanos;
        _timeline = Enumerable.Range(0, cpus).Select(_ => new TimelineRow(timelineBucketNanos)).ToArray();
    }

    /// <summary>
    /// Buckets a CPU's timeline keeps at most. A run longer than that many buckets of the initial width (6.5 s of model
    /// time at 50 µs) halves the timeline's resolution instead of growing: memory is bounded by configuration, never by
    /// model time.
    /// </summary>
    public const int MaxBuckets = 1 << 17;

    /// <summary>The configured bucket width, before any coarsening.</summary>
    public long InitialBucketNanos { get; }

    /// <summary>Width of one timeline bucket in model nanoseconds (the widest any CPU's timeline has had to become).</summary>
    public long TimelineBucketNanos => _timeline.Max(r => r.Width);

    // The clock whose "now" is the end of the Spend being accounted (virtual: the actor's own time).
    internal IClock? Clock { get; set; }

    /// <summary>Simulated CPUs.</summary>
    public int Cpus { get; }

    /// <summary>Nanoseconds threads spent in user space (%usr) on <paramref name="cpu"/>.</summary>
    public long UserNanos(int cpu) => Nanos(cpu, CpuColumn.User);

    /// <summary>Nanoseconds threads spent in the kernel: system calls, copies (%sys).</summary>
    public long SysNanos(int cpu) => Nanos(cpu, CpuColumn.Sys);

    /// <summary>Nanoseconds spent in softirq, inline or in ksoftirqd (%soft).</summary>
    public long SoftNanos(int cpu) => Nanos(cpu, CpuColumn.Soft);

    /// <summary>Nanoseconds spent in hard IRQ handlers (%irq).</summary>
    public long IrqNanos(int cpu) => Nanos(cpu, CpuColumn.Irq);

    /// <summary>Live mode: nanoseconds the CPU's thread ran device models (%steal).</summary>
    public long StealNanos(int cpu) => Nanos(cpu, CpuColumn.Steal);

    /// <summary>All busy nanoseconds on <paramref name="cpu"/>.</summary>
    public long BusyNanos(int cpu) => UserNanos(cpu) + SysNanos(cpu) + SoftNanos(cpu) + IrqNanos(cpu) + StealNanos(cpu);

    /// <summary>Nanoseconds of <paramref name="column"/> on <paramref name="cpu"/>.</summary>
    public long Nanos(int cpu, CpuColumn column) => Volatile.Read(ref _nanos[(cpu * Columns) + (int)column]);

    internal void Add(int cpu, CpuColumn column, long nanos)
    {
        if (cpu < 0)
        {
            return;
        }

        ref long slot = ref _nanos[(cpu * Columns) + (int)column];
        // One writer per row; Volatile so a report on another thread sees a whole value.
        Volatile.Write(ref slot, slot + nanos);
        if (Clock is { } clock)
        {
            AddToTimeline(cpu, (int)column, clock.NowNanos - nanos, clock.NowNanos);
        }
    }

    /// <summary>
    /// The timeline of <paramref name="cpu"/>: for each bucket of <see cref="TimelineBucketNanos"/> from time 0, the
    /// busy nanoseconds per mpstat column. Read it after the run.
    /// </summary>
    public IReadOnlyList<CpuSample> Timeline(int cpu, long untilNanos)
    {
        var row = _timeline[cpu];
        long width = TimelineBucketNanos;
        int merge = (int)(width / row.Width);
        // Up to the end of the row's storage (a CPU idle at the end has a shorter row), at the common width.
        int buckets = (int)Math.Min(((long)row.Count + merge - 1) / merge, (untilNanos + width - 1) / width);
        var result = new CpuSample[Math.Max(0, buckets)];
        var sums = new long[Columns];
        for (int b = 0; b < result.Length; b++)
        {
            Array.Clear(sums);
            for (int k = b * merge; k < (b + 1) * merge; k++)
            {
                for (int c = 0; c < Columns; c++)
                {
                    sums[c] += row.Get(k, c);
                }
            }

            result[b] = new CpuSample(sums[0], sums[1], sums[2], sums[3], sums[4]);
        }

        return result;
    }

    private void AddToTimeline(int cpu, int column, long start, long end)
    {
        var row = _timeline[cpu];
        start = Math.Max(0, start);
        while (end > row.Width * MaxBuckets)
        {
            row.Coarsen();
        }

        while (start < end)
        {
            long bucket = start / row.Width;
            long bucketEnd = (bucket + 1) * row.Width;
            long part = Math.Min(end, bucketEnd) - start;
            row.Add((int)bucket, column, part);
            start += part;
        }
    }

    /// <summary>One CPU's timeline: busy ns per (bucket, column) in chunks allocated as model time passes.</summary>
    private sealed class TimelineRow(long width)
    {
        private readonly List<long[]> _chunks = new() { new long[Columns * ChunkBuckets] };

        public long Width { get; private set; } = width;

        /// <summary>Buckets that have storage.</summary>
        public int Count => _chunks.Count * ChunkBuckets;

        public long Get(int bucket, int column) =>
            bucket < Count ? _chunks[bucket / ChunkBuckets][(bucket % ChunkBuckets * Columns) + column] : 0;

        public void Add(int bucket, int column, long nanos)
        {
            while (bucket >= Count)
            {
                // A new chunk per ChunkBuckets of model time, not per packet.
                _chunks.Add(new long[Columns * ChunkBuckets]);
            }

            _chunks[bucket / ChunkBuckets][(bucket % ChunkBuckets * Columns) + column] += nanos;
        }

        /// <summary>Halves the resolution: bucket i becomes old buckets 2i and 2i+1; half the storage is freed.</summary>
        public void Coarsen()
        {
            int count = Count;
            for (int b = 0; b < count / 2; b++)
            {
                for (int c = 0; c < Columns; c++)
                {
                    long sum = Get(2 * b, c) + Get((2 * b) + 1, c);
                    _chunks[b / ChunkBuckets][(b % ChunkBuckets * Columns) + c] = sum;
                }
            }

            int keep = Math.Max(1, (_chunks.Count + 1) / 2);
            for (int b = count / 2; b < keep * ChunkBuckets; b++)
            {
                // What is left of the kept storage past the merged buckets held the old, finer buckets.
                Array.Clear(_chunks[b / ChunkBuckets], b % ChunkBuckets * Columns, Columns);
            }

            _chunks.RemoveRange(keep, _chunks.Count - keep);
            Width *= 2;
        }
    }
}

/// <summary>One timeline bucket of one CPU: busy nanoseconds per mpstat column.</summary>
public readonly record struct CpuSample(long User, long Sys, long Soft, long Irq, long Steal);
