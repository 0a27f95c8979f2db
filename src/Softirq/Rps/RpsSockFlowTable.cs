namespace ActorStack.Softirq.Rps;

/// <summary>
/// rps_sock_flow_table (net.core.rps_sock_flow_entries): for each flow hash slot, the high hash bits and the CPU
/// that last read the flow's socket. Written by recvmsg on the reader's CPU, read by get_rps_cpu anywhere.
/// </summary>
public sealed class RpsSockFlowTable
{
    private readonly uint[] _ents;

    /// <summary>Creates the table: <paramref name="entries"/> rounded up to 2^k; the CPU field is <paramref name="cpuCount"/> wide.</summary>
    public RpsSockFlowTable(int entries, int cpuCount)
    {
        int size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)entries);
        _ents = new uint[size];
        Mask = (uint)(size - 1);
        CpuMask = System.Numerics.BitOperations.RoundUpToPowerOf2((uint)cpuCount) - 1;
        // Empty entries must not match a real hash: the kernel fills them with RPS_NO_CPU.
        Array.Fill(_ents, RpsNoCpu);
    }

    /// <summary>RPS_NO_CPU.</summary>
    public const uint RpsNoCpu = 0xffff;

    /// <summary>Entries (a power of two).</summary>
    public int Size => _ents.Length;

    /// <summary>Index mask.</summary>
    public uint Mask { get; }

    /// <summary>rps_cpu_mask = roundup_pow_of_two(nr_cpu_ids) - 1.</summary>
    public uint CpuMask { get; }

    /// <summary>sock_rps_record_flow_hash(): the reading CPU records itself for the flow.</summary>
    public void Record(uint hash, int cpu)
    {
        if (hash == 0)
        {
            return;
        }

        uint value = (hash & ~CpuMask) | (uint)cpu;
        ref uint slot = ref _ents[hash & Mask];
        if (Volatile.Read(ref slot) != value)
        {
            Volatile.Write(ref slot, value);
        }
    }

    /// <summary>The entry for <paramref name="hash"/>.</summary>
    internal uint Read(uint hash) => Volatile.Read(ref _ents[hash & Mask]);
}
