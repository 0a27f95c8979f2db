using ActorStack.Softirq;

namespace ActorStack.Nic;

/// <summary>
/// An RX queue's MSI-X vector and its handler (ixgbe_msix_clean_rings): count the interrupt on the CPU it landed on,
/// then napi_schedule the queue's NAPI there.
/// </summary>
public sealed class MsixVector : IIrqHandler
{
    private readonly long[] _perCpu;

    internal MsixVector(int irq, string name, int cpuCount, NapiStruct napi)
    {
        Irq = irq;
        IrqName = name;
        Napi = napi;
        _perCpu = new long[cpuCount];
    }

    /// <summary>The IRQ number (/proc/interrupts first column).</summary>
    public int Irq { get; }

    /// <inheritdoc />
    public string IrqName { get; }

    /// <summary>The NAPI this vector schedules.</summary>
    public NapiStruct Napi { get; }

    /// <summary>Interrupts handled on <paramref name="cpu"/>.</summary>
    public long CountOn(int cpu) => Interlocked.Read(ref _perCpu[cpu]);

    /// <inheritdoc />
    public void HandleIrq(NapiContext cpu)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        Interlocked.Increment(ref _perCpu[cpu.Cpu]);
        cpu.NapiSchedule(Napi);
    }
}
