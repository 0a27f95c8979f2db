namespace ActorStack.Softirq;

/// <summary>A hard interrupt handler (request_irq) that runs on the CPU the vector is delivered to.</summary>
public interface IIrqHandler
{
    /// <summary>The vector's name as /proc/interrupts shows it (eth0-TxRx-0).</summary>
    string IrqName { get; }

    /// <summary>What the handler costs beyond entry and exit, in ns (0 for a plain napi_schedule).</summary>
    long HandlerCost(CpuCosts costs) => costs.HardIrq;

    /// <summary>The handler body: typically napi_schedule_irqoff(). Runs in hard IRQ context on <paramref name="cpu"/>.</summary>
    void HandleIrq(NapiContext cpu);
}
