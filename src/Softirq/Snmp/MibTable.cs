using System.Globalization;
using System.Text;

namespace ActorStack.Softirq.Snmp;

/// <summary>
/// A MIB counter table like the kernel's per-protocol statistics, printed as /proc/net/snmp prints it:
/// a header line of names and a line of values, both prefixed by the table name.
/// </summary>
/// <typeparam name="TField">An enum whose members, in order, are the columns.</typeparam>
/// <remarks>
/// The kernel keeps these per CPU and sums on read; here one shared array with atomic increments. Contention is
/// one cache line per table, which the model accepts until per-CPU rows are needed.
/// </remarks>
public sealed class MibTable<TField>
    where TField : struct, Enum
{
    private static readonly TField[] Fields = Enum.GetValues<TField>();
    private readonly long[] _values = new long[Fields.Length];
    private readonly Func<TField, long?>? _fixedValue;

    /// <summary>Creates a table named <paramref name="name"/> (Ip, Udp ...).</summary>
    public MibTable(string name, Func<TField, long?>? fixedValue = null)
    {
        Name = name;
        _fixedValue = fixedValue;
    }

    /// <summary>Table name as printed (Ip, IpExt, Udp).</summary>
    public string Name { get; }

    /// <summary>Current value of a counter.</summary>
    public long this[TField field] => _fixedValue?.Invoke(field) ?? Interlocked.Read(ref _values[Index(field)]);

    /// <summary>Adds 1.</summary>
    public void Inc(TField field) => Interlocked.Increment(ref _values[Index(field)]);

    /// <summary>Subtracts 1 (gauges such as Tcp CurrEstab).</summary>
    public void Dec(TField field) => Interlocked.Decrement(ref _values[Index(field)]);

    /// <summary>Adds <paramref name="amount"/>.</summary>
    public void Add(TField field, long amount) => Interlocked.Add(ref _values[Index(field)], amount);

    /// <summary>The two lines of this table.</summary>
    public string Format()
    {
        var sb = new StringBuilder();
        sb.Append(Name).Append(':');
        foreach (var f in Fields)
        {
            sb.Append(' ').Append(f.ToString());
        }

        sb.Append('\n').Append(Name).Append(':');
        foreach (var f in Fields)
        {
            sb.Append(' ').Append(this[f].ToString(CultureInfo.InvariantCulture));
        }

        return sb.Append('\n').ToString();
    }

    // The enum's value is its column; reading it as int avoids boxing on every increment.
    private static int Index(TField field) => System.Runtime.CompilerServices.Unsafe.As<TField, int>(ref field);
}
