namespace ActorStack.Softirq;

/// <summary>A hard interrupt handler (request_irq) that runs on the CPU the vector is delivered to.</summary>
public interface IIrqHandler
{
    /// <summary>The vector's name as /proc/interrupts shows it (eth0-TxRx-0).</summary>
    string IrqName { get; }

    /// <summary>The handler body: typically napi_schedule_irqoff().</summary>
    void HandleIrq(NapiContext cpu);
}
