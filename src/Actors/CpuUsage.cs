namespace ActorStack.Actors;

/// <summary>
/// Busy time per simulated CPU, split like mpstat into %usr, %soft and %irq. Every <see cref="IActorContext.Spend"/>
/// lands here. Each CPU's row is written by that CPU only (one thread); reports read it from anywhere.
/// </summary>
public sealed class CpuUsage
{
    private readonly long[] _nanos;

    internal CpuUsage(int cpus)
    {
        Cpus = cpus;
        _nanos = new long[cpus * 3];
    }

    /// <summary>Simulated CPUs.</summary>
    public int Cpus { get; }

    /// <summary>Nanoseconds spent by threads (%usr) on <paramref name="cpu"/>.</summary>
    public long UserNanos(int cpu) => Volatile.Read(ref _nanos[(cpu * 3) + 0]);

    /// <summary>Nanoseconds spent in softirq, inline or in ksoftirqd (%soft).</summary>
    public long SoftNanos(int cpu) => Volatile.Read(ref _nanos[(cpu * 3) + 1]);

    /// <summary>Nanoseconds spent in hard IRQ handlers (%irq).</summary>
    public long IrqNanos(int cpu) => Volatile.Read(ref _nanos[(cpu * 3) + 2]);

    /// <summary>All busy nanoseconds on <paramref name="cpu"/>.</summary>
    public long BusyNanos(int cpu) => UserNanos(cpu) + SoftNanos(cpu) + IrqNanos(cpu);

    internal void Add(int cpu, ExecClass execClass, long nanos)
    {
        if (cpu < 0)
        {
            return;
        }

        ref long slot = ref _nanos[(cpu * 3) + execClass.AccountingColumn()];
        // One writer per row; Volatile so a report on another thread sees a whole value.
        Volatile.Write(ref slot, slot + nanos);
    }
}
