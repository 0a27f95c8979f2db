using ActorStack.Softirq;

namespace ActorStack.Nic;

/// <summary>
/// An RX queue's MSI-X vector: the handler request_irq() installed, the count per CPU it was handled on
/// (/proc/interrupts), and the pending bit: a vector raised again before its handler ran is delivered once.
/// </summary>
public sealed class MsixVector : IIrqHandler
{
    private readonly long[] _perCpu;
    private readonly IIrqHandler _handler;
    private int _pending;

    internal MsixVector(int irq, string name, int cpuCount, IIrqHandler handler)
    {
        Irq = irq;
        IrqName = name;
        _handler = handler;
        _perCpu = new long[cpuCount];
    }

    /// <summary>The IRQ number (/proc/interrupts first column).</summary>
    public int Irq { get; }

    /// <inheritdoc />
    public string IrqName { get; }

    /// <summary>Interrupts handled on <paramref name="cpu"/>.</summary>
    public long CountOn(int cpu) => Interlocked.Read(ref _perCpu[cpu]);

    /// <summary>Interrupts handled on all CPUs.</summary>
    public long Total => _perCpu.Sum();

    /// <summary>Sets the pending bit; false if it was already set (the raise merges with the pending one).</summary>
    internal bool TrySetPending() => Interlocked.Exchange(ref _pending, 1) == 0;

    /// <inheritdoc />
    public void HandleIrq(NapiContext cpu)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        // The APIC clears the pending bit as the handler starts: a raise from now on is a new interrupt.
        Volatile.Write(ref _pending, 0);
        Interlocked.Increment(ref _perCpu[cpu.Cpu]);
        _handler.HandleIrq(cpu);
    }
}
