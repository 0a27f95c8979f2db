namespace ActorStack.Softirq.Rps;

/// <summary>
/// An RX queue's RPS and RFS settings (/sys/class/net/DEV/queues/rx-N/rps_cpus and rps_flow_cnt) and its
/// rps_dev_flow_table.
/// </summary>
public sealed class RxQueueSteering
{
    private readonly RpsDevFlow[]? _flows;
    private readonly int _log;

    /// <summary>Creates the queue's settings: <paramref name="rpsCpus"/> as a CPU mask, <paramref name="rpsFlowCnt"/> entries (0: no RFS).</summary>
    public RxQueueSteering(ulong rpsCpus, int rpsFlowCnt, int cpuCount)
    {
        // The map lists the set (online) CPUs in ascending order.
        Map = Enumerable.Range(0, Math.Min(cpuCount, 64)).Where(c => (rpsCpus >> c & 1) != 0).ToArray();
        if (rpsFlowCnt > 0)
        {
            int size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)rpsFlowCnt);
            _log = System.Numerics.BitOperations.Log2((uint)size);
            _flows = new RpsDevFlow[size];
            for (int i = 0; i < size; i++)
            {
                _flows[i] = new RpsDevFlow();
            }
        }
    }

    /// <summary>The rps_map: CPUs to spread over, ascending.</summary>
    public int[] Map { get; }

    /// <summary>True when there is a flow table.</summary>
    public bool HasFlowTable => _flows is not null;

    /// <summary>The flow entry for <paramref name="hash"/>: slot hash_32(hash, log) (6.18).</summary>
    internal RpsDevFlow FlowFor(uint hash) => _flows![RpsSteering.Hash32(hash, _log)];
}
