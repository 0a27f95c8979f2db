namespace ActorStack.Model.Tests;

/// <summary>Reads a /proc/net/snmp or /proc/net/netstat table (header line, value line) as name → value.</summary>
internal static class SnmpText
{
    public static Dictionary<string, long> Counters(string text, string table)
    {
        var lines = text.Split('\n').Where(l => l.StartsWith(table + ":", StringComparison.Ordinal)).ToArray();
        var names = lines[0].Split(' ').Skip(1).ToArray();
        var values = lines[1].Split(' ').Skip(1).Select(long.Parse).ToArray();
        return names.Zip(values).ToDictionary(p => p.First, p => p.Second);
    }
}
