namespace ActorStack.Softirq.Latency;

/// <summary>
/// A log-linear histogram of nanosecond values (64 sub-buckets per power of two: under 1.6 % error), fixed size,
/// no allocation per value. Safe to record from several threads at once (live mode).
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBits = 6;
    private const int Linear = 2 << SubBits; // values below 128 have a bucket each
    private const int BucketCount = (64 - SubBits) * (1 << SubBits) + Linear;
    private readonly long[] _counts = new long[BucketCount];
    private long _count;
    private long _max;
    private long _sum;

    /// <summary>Values recorded.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Largest value recorded (exact).</summary>
    public long Max => Interlocked.Read(ref _max);

    /// <summary>Mean of the recorded values.</summary>
    public double Mean => Count == 0 ? 0 : (double)Interlocked.Read(ref _sum) / Count;

    /// <summary>Records <paramref name="nanos"/> (negative values count as 0).</summary>
    public void Record(long nanos)
    {
        long value = Math.Max(0, nanos);
        Interlocked.Increment(ref _counts[Index(value)]);
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _sum, value);
        long max = Interlocked.Read(ref _max);
        while (value > max)
        {
            long seen = Interlocked.CompareExchange(ref _max, value, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }

    /// <summary>
    /// The value at quantile <paramref name="q"/> (0..1): the middle of the bucket holding the ceil(q·n)-th smallest
    /// value, never above the exact maximum. 0 when empty.
    /// </summary>
    public long Quantile(double q)
    {
        long n = Count;
        if (n == 0)
        {
            return 0;
        }

        long rank = Math.Max(1, (long)Math.Ceiling(q * n));
        long seen = 0;
        for (int i = 0; i < BucketCount; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= rank)
            {
                var (low, width) = Bucket(i);
                return Math.Min(Max, low + (width / 2));
            }
        }

        return Max;
    }

    internal static int Index(long value)
    {
        if (value < Linear)
        {
            return (int)value;
        }

        int shift = 63 - System.Numerics.BitOperations.LeadingZeroCount((ulong)value) - SubBits;
        return (shift << SubBits) + (int)(value >> shift);
    }

    internal static (long Low, long Width) Bucket(int index)
    {
        if (index < Linear)
        {
            return (index, 1);
        }

        int shift = (index >> SubBits) - 1;
        long mantissa = index - ((long)shift << SubBits);
        return (mantissa << shift, 1L << shift);
    }
}
