namespace ActorStack.Softirq.Rps;

/// <summary>
/// A CPU's flow limit table (struct sd_flow_limit): the bucket of each of the last FLOW_LIMIT_HISTORY packets;
/// a packet whose bucket then holds more than half the history is refused.
/// </summary>
/// <remarks>Kernel: net/core/dev.c skb_flow_limit(); FLOW_LIMIT_HISTORY = 128 in the code (scaling.rst says 256).</remarks>
internal sealed class FlowLimit
{
    private const int History = 128;
    private readonly int[] _history = new int[History];
    private readonly int[] _buckets;
    private readonly int _logBuckets;
    private int _head;

    public FlowLimit(int tableLen)
    {
        _logBuckets = System.Numerics.BitOperations.Log2((uint)tableLen);
        _buckets = new int[1 << _logBuckets];
        // The history starts as bucket 0, as the kernel's zeroed table does.
        _buckets[0] = History;
    }

    /// <summary>Records the packet; false when its flow is over the limit.</summary>
    public bool Admit(uint hash)
    {
        int newFlow = (int)RpsSteering.Hash32(hash, _logBuckets);
        int oldFlow = _history[_head];
        _history[_head] = newFlow;
        _head = (_head + 1) & (History - 1);
        if (_buckets[oldFlow] > 0)
        {
            _buckets[oldFlow]--;
        }

        return ++_buckets[newFlow] <= History >> 1;
    }
}
