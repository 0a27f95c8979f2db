using System.Collections.Concurrent;

namespace ActorStack.Softirq.Skb;

/// <summary>
/// A page_pool-like recycler of packet buffers in power-of-two size classes (2 KiB half pages and up).
/// Steady state allocates nothing: freed buffers come back and are handed out again.
/// </summary>
/// <remarks>Kernel: net/core/page_pool.c. Thread-safe: buffers are freed on other CPUs than they were allocated on.</remarks>
public sealed class BufferPool
{
    /// <summary>Smallest size class: half of a 4 KiB page, what ixgbe gives each RX descriptor.</summary>
    public const int MinBufferSize = 2048;

    /// <summary>Largest size class (64 KiB: a maximal GRO aggregate).</summary>
    public const int MaxBufferSize = 65536;

    private readonly ConcurrentQueue<byte[]>[] _classes;
    private long _allocated;
    private long _outstanding;

    /// <summary>Creates an empty pool.</summary>
    public BufferPool()
    {
        int count = System.Numerics.BitOperations.Log2(MaxBufferSize / MinBufferSize) + 1;
        _classes = new ConcurrentQueue<byte[]>[count];
        for (int i = 0; i < count; i++)
        {
            _classes[i] = new ConcurrentQueue<byte[]>();
        }
    }

    /// <summary>Buffers ever allocated from the managed heap (grows only while the pool warms up).</summary>
    public long Allocated => Interlocked.Read(ref _allocated);

    /// <summary>Buffers handed out and not yet returned.</summary>
    public long Outstanding => Interlocked.Read(ref _outstanding);

    /// <summary>Gets a buffer of at least <paramref name="size"/> bytes.</summary>
    public byte[] Rent(int size)
    {
        if (size > MaxBufferSize)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, $"Buffers are at most {MaxBufferSize} bytes.");
        }

        int index = ClassOf(size);
        Interlocked.Increment(ref _outstanding);
        if (_classes[index].TryDequeue(out var buffer))
        {
            return buffer;
        }

        Interlocked.Increment(ref _allocated);
        return new byte[MinBufferSize << index];
    }

    /// <summary>Gives a buffer back for reuse.</summary>
    public void Return(byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        Interlocked.Decrement(ref _outstanding);
        _classes[ClassOf(buffer.Length)].Enqueue(buffer);
    }

    private static int ClassOf(int size)
    {
        int rounded = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(size, MinBufferSize));
        return System.Numerics.BitOperations.Log2((uint)(rounded / MinBufferSize));
    }
}
