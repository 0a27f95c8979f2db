using ActorStack.Engine;

namespace ActorStack.Softirq;

/// <summary>Spawns each CPU's hard IRQ, softirq and ksoftirqd actors and wires them into its <see cref="NapiContext"/>.</summary>
public static class SoftirqActors
{
    /// <summary>Starts the per-CPU interrupt and softirq actors of <paramref name="stack"/>.</summary>
    public static void Start(NetStack stack)
    {
        ArgumentNullException.ThrowIfNull(stack);
        foreach (var cpu in stack.Cpus)
        {
            cpu.HardIrq = stack.System.Spawn(HardIrqHandler.Props(cpu), $"irq/{cpu.Cpu}");
            cpu.Softirq = stack.System.Spawn(NapiPoller.Props(cpu), $"softirq/{cpu.Cpu}");
            cpu.Ksoftirqd = stack.System.Spawn(Ksoftirqd.Props(cpu), $"ksoftirqd/{cpu.Cpu}");
        }
    }
}
