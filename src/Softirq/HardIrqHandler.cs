using ActorStack.Engine;

namespace ActorStack.Softirq;

/// <summary>
/// A CPU's hard interrupt context: runs the handler of each vector delivered to the CPU (a NIC queue's MSI-X vector,
/// an RPS IPI), preempting whatever the CPU was doing. A softirq the handler raised runs on irq_exit, as the CPU's
/// next softirq-level turn.
/// </summary>
/// <remarks>Kernel: kernel/irq/handle.c, kernel/softirq.c irq_exit_rcu().</remarks>
public sealed class HardIrqHandler : Actor<IrqMsg>
{
    private readonly NapiContext _cpu;

    private HardIrqHandler(NapiContext cpu) => _cpu = cpu;

    /// <summary>Recipe for <paramref name="cpu"/>'s hard IRQ context.</summary>
    public static Props<IrqMsg> Props(NapiContext cpu)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        return new Props<IrqMsg>(() => new HardIrqHandler(cpu)).WithCpu(cpu.Cpu, ExecClass.HardIrq);
    }

    /// <inheritdoc />
    protected override void Receive(IrqMsg message)
    {
        var previous = _cpu.Enter(Cpu);
        try
        {
            Cpu.Spend(message.Handler.HandlerCost(_cpu.Stack.Costs));
            message.Handler.HandleIrq(_cpu);
        }
        finally
        {
            _cpu.Leave(previous);
        }
    }
}
