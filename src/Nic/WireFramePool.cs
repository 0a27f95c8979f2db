using System.Collections.Concurrent;

namespace ActorStack.Nic;

/// <summary>Recycles wire frames; counts those on the wire (rented and not yet taken or dropped by a NIC).</summary>
public sealed class WireFramePool
{
    private readonly ConcurrentQueue<WireFrame> _free = new();
    private long _onWire;
    private long _allocated;

    /// <summary>Frames in flight between sender and NIC.</summary>
    public long OnWire => Interlocked.Read(ref _onWire);

    /// <summary>Frames ever allocated.</summary>
    public long Allocated => Interlocked.Read(ref _allocated);

    /// <summary>Takes a frame to fill and send.</summary>
    public WireFrame Rent()
    {
        Interlocked.Increment(ref _onWire);
        if (_free.TryDequeue(out var frame))
        {
            return frame;
        }

        Interlocked.Increment(ref _allocated);
        return new WireFrame();
    }

    /// <summary>The NIC is done with the frame (copied by DMA, or dropped).</summary>
    public void Return(WireFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        frame.Length = 0;
        Interlocked.Decrement(ref _onWire);
        _free.Enqueue(frame);
    }
}
