using ActorStack.Softirq.Skb;

namespace ActorStack.Nic;

/// <summary>
/// A descriptor ring shared by the NIC (producer) and the driver (consumer), synchronised only by the DD bit and
/// the tail register, as real hardware is. This is the one place two actors share memory, and the reason is the
/// model's subject: the ring is memory both sides touch, with exactly this protocol.
/// </summary>
/// <remarks>Kernel: ixgbe_clean_rx_irq(), ixgbe_alloc_rx_buffers(), ixgbe_desc_unused().</remarks>
internal sealed class RxRing
{
    private readonly RxDescriptor[] _descriptors;
    private readonly BufferPool _pages;
    private readonly int _bufferSize;

    // NIC side (hardware): next descriptor to write.
    private int _hwHead;

    // Driver side: tail register (last posted + 1), next to clean, next to refill.
    private int _tail;
    private int _nextToClean;
    private int _nextToUse;

    private long _written;
    private long _cleaned;

    public RxRing(int size, int bufferSize, BufferPool pages)
    {
        _descriptors = new RxDescriptor[size];
        _pages = pages;
        _bufferSize = bufferSize;
        // The driver posts size - 1 buffers at ifup: one slot stays empty so head == tail means "no buffer".
        Refill(size - 1);
    }

    public int Size => _descriptors.Length;

    /// <summary>Descriptors written back by the NIC and not yet cleaned by the driver.</summary>
    public long Pending => Interlocked.Read(ref _written) - Interlocked.Read(ref _cleaned);

    /// <summary>Descriptors cleaned but not yet refilled (ixgbe_desc_unused()).</summary>
    public int Unused => ((_nextToClean - _nextToUse - 1) % Size + Size) % Size;

    /// <summary>NIC: a buffer is available at the head (head has not reached the tail register).</summary>
    public bool HardwareHasBuffer => _hwHead != Volatile.Read(ref _tail);

    /// <summary>NIC: the next descriptor to write, by reference. Call only when <see cref="HardwareHasBuffer"/>.</summary>
    public ref RxDescriptor HardwareHead => ref _descriptors[_hwHead];

    /// <summary>NIC: write-back done: publish DD (after all other fields) and move the head.</summary>
    public void HardwareWriteBack()
    {
        ref var descriptor = ref _descriptors[_hwHead];
        Volatile.Write(ref descriptor.Status, RxDescriptor.DescriptorDone);
        Interlocked.Increment(ref _written);
        _hwHead = (_hwHead + 1) % Size;
    }

    /// <summary>Driver: the next descriptor to clean, if the NIC has finished it (DD set).</summary>
    public bool TryPeekDone(out int index)
    {
        index = _nextToClean;
        // The DD read comes before any other field read (dma_rmb() in the driver).
        return Volatile.Read(ref _descriptors[index].Status) == RxDescriptor.DescriptorDone;
    }

    /// <summary>Driver: reads a done descriptor by reference.</summary>
    public ref RxDescriptor At(int index) => ref _descriptors[index];

    /// <summary>
    /// Driver: the descriptor's buffer now belongs to an skb; clear the descriptor for refill and advance next_to_clean.
    /// </summary>
    public void TakeCleaned(int index)
    {
        ref var descriptor = ref _descriptors[index];
        if (descriptor.Buffer is null)
        {
            throw new InvalidOperationException($"RX descriptor {index} done without a buffer.");
        }

        descriptor.Buffer = null;
        descriptor.Status = 0;
        descriptor.Trace = default;
        _nextToClean = (index + 1) % Size;
        Interlocked.Increment(ref _cleaned);
    }

    /// <summary>Driver: posts fresh page_pool buffers to <paramref name="count"/> cleaned descriptors, then rings the tail doorbell.</summary>
    public void Refill(int count)
    {
        for (int i = 0; i < count; i++)
        {
            _descriptors[_nextToUse].Buffer = _pages.Rent(_bufferSize);
            _nextToUse = (_nextToUse + 1) % Size;
        }

        // Buffers are visible before the NIC may use them (wmb() before the tail write).
        Volatile.Write(ref _tail, _nextToUse);
    }

    /// <summary>Releases all posted buffers (device down at the end of a run).</summary>
    public void ReleaseBuffers()
    {
        for (int i = 0; i < _descriptors.Length; i++)
        {
            if (_descriptors[i].Buffer is { } buffer && _descriptors[i].Status == 0)
            {
                _pages.Return(buffer);
                _descriptors[i].Buffer = null;
            }
        }
    }
}
