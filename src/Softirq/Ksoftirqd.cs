using ActorStack.Engine;

namespace ActorStack.Softirq;

/// <summary>
/// ksoftirqd/N: a thread that runs pending softirqs when the inline softirq gave up. It is scheduled like any
/// thread, so it competes with the applications on its CPU: a net_rx_action pass, then it yields (cond_resched)
/// while work remains, and sleeps when none does. Its time counts as softirq time (%soft).
/// </summary>
/// <remarks>Kernel: kernel/softirq.c run_ksoftirqd(), ksoftirqd_should_run().</remarks>
public sealed class Ksoftirqd : Actor<SoftirqMsg>
{
    private readonly NapiContext _cpu;

    private Ksoftirqd(NapiContext cpu) => _cpu = cpu;

    /// <summary>Recipe for <paramref name="cpu"/>'s ksoftirqd.</summary>
    public static Props<SoftirqMsg> Props(NapiContext cpu)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        return new Props<SoftirqMsg>(() => new Ksoftirqd(cpu)).WithCpu(cpu.Cpu, ExecClass.SoftirqThread);
    }

    /// <inheritdoc />
    protected override void Receive(SoftirqMsg message)
    {
        var cpu = _cpu;
        var previous = cpu.Enter(Cpu);
        try
        {
            if (!message.Continue)
            {
                if (!cpu.Pending || cpu.InNetRxAction)
                {
                    // Nothing to do, or the inline softirq is mid-pass: sleep; it wakes us again if it gives up.
                    cpu.KsoftirqdAwake = false;
                    return;
                }

                cpu.Softnet.IncKsoftirqdPasses();
                cpu.NetRx.Begin();
            }

            if (cpu.NetRx.Step())
            {
                Self.Tell(SoftirqMsg.Step);
                return;
            }

            if (cpu.Pending)
            {
                // cond_resched(), then run again: other threads on this CPU get their turn in between.
                Self.Tell(SoftirqMsg.NetRx);
            }
            else
            {
                cpu.KsoftirqdAwake = false;
            }
        }
        finally
        {
            cpu.Leave(previous);
        }
    }
}
