using System.Globalization;

namespace ActorStack.KernelProbe;

/// <summary>
/// One reading of /proc/net/snmp and /proc/net/netstat: lines in pairs, a header ("Udp: InDatagrams NoPorts ...")
/// then the values ("Udp: 12 0 ..."). Both files are per network namespace (their MIBs hang off struct net), so the
/// reading is of whichever namespace the reader is in.
/// </summary>
internal sealed class SnmpSnapshot
{
    private readonly Dictionary<string, Dictionary<string, long>> _tables;

    private SnmpSnapshot(Dictionary<string, Dictionary<string, long>> tables) => _tables = tables;

    /// <summary>Reads this process's own namespace.</summary>
    public static SnmpSnapshot ReadSelf() =>
        Parse(File.ReadAllText("/proc/net/snmp") + File.ReadAllText("/proc/net/netstat"));

    /// <summary>Reads namespace <paramref name="ns"/> (through <c>ip netns exec NS cat</c>).</summary>
    public static SnmpSnapshot ReadIn(string ns) => Parse(Netns.Exec(ns, "cat", "/proc/net/snmp", "/proc/net/netstat"));

    /// <summary>Parses the concatenated text of the two files.</summary>
    public static SnmpSnapshot Parse(string text)
    {
        var tables = new Dictionary<string, Dictionary<string, long>>();
        string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i + 1 < lines.Length; i += 2)
        {
            string[] names = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            string[] values = lines[i + 1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (names.Length != values.Length || names[0] != values[0])
            {
                throw new InvalidDataException($"unexpected snmp lines: '{lines[i]}' / '{lines[i + 1]}'");
            }

            string table = names[0].TrimEnd(':');
            Dictionary<string, long> row = tables.TryGetValue(table, out var existing) ? existing : tables[table] = [];
            for (int c = 1; c < names.Length; c++)
            {
                row[names[c]] = long.Parse(values[c], CultureInfo.InvariantCulture);
            }
        }

        return new SnmpSnapshot(tables);
    }

    /// <summary>
    /// The value of <paramref name="table"/>/<paramref name="name"/>. IcmpMsg lists only the types seen so far
    /// (icmpmsg_put() skips zero counts), so a missing IcmpMsg entry is 0; any other missing name is an error.
    /// </summary>
    public long Value(string table, string name)
    {
        if (Find(table, name) is { } value)
        {
            return value;
        }

        return table == "IcmpMsg" ? 0 : throw new InvalidDataException($"/proc/net has no {table} {name}");
    }

    /// <summary>The value, or null if this kernel does not have the counter.</summary>
    public long? Find(string table, string name) =>
        _tables.TryGetValue(table, out var row) && row.TryGetValue(name, out long value) ? value : null;

    /// <summary>this − <paramref name="before"/> for one counter.</summary>
    public long Delta(SnmpSnapshot before, string table, string name) => Value(table, name) - before.Value(table, name);

    /// <summary>this − <paramref name="before"/>, or null when the kernel lacks the counter.</summary>
    public long? DeltaOrNull(SnmpSnapshot before, string table, string name) =>
        Find(table, name) is { } now && before.Find(table, name) is { } then ? now - then : null;
}
