using System.Globalization;

namespace ActorStack.KernelProbe;

/// <summary>
/// /proc/net/softnet_stat: one line per online CPU, hex columns written by softnet_seq_show(). It is global (not per
/// namespace), so experiments take deltas around their traffic.
/// </summary>
internal static class SoftnetStat
{
    private const int CpuColumn = 12;

    /// <summary>CPU → the line's columns.</summary>
    public static Dictionary<int, long[]> Read()
    {
        var rows = new Dictionary<int, long[]>();
        string[] lines = File.ReadAllLines("/proc/net/softnet_stat");
        for (int i = 0; i < lines.Length; i++)
        {
            long[] columns = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(hex => long.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture))
                .ToArray();

            // Since 5.x the 13th column is the CPU number; offline CPUs have no line, so position is only a fallback.
            int cpu = columns.Length > CpuColumn ? (int)columns[CpuColumn] : i;
            rows[cpu] = columns;
        }

        return rows;
    }

    /// <summary>after − before per CPU, for the columns the probe reports.</summary>
    public static IReadOnlyList<SoftnetCpuDelta> Delta(Dictionary<int, long[]> before, Dictionary<int, long[]> after) =>
        after.Keys.Order()
            .Where(before.ContainsKey)
            .Select(cpu => new SoftnetCpuDelta
            {
                Cpu = cpu,
                Processed = Column(after[cpu], 0) - Column(before[cpu], 0),
                Dropped = Column(after[cpu], 1) - Column(before[cpu], 1),
                TimeSqueeze = Column(after[cpu], 2) - Column(before[cpu], 2),
                ReceivedRps = Column(after[cpu], 9) - Column(before[cpu], 9),
                FlowLimitCount = Column(after[cpu], 10) - Column(before[cpu], 10),
            })
            .ToList();

    private static long Column(long[] row, int index) => index < row.Length ? row[index] : 0;
}
