using ActorStack.Engine;
using Serilog.Events;

namespace ActorStack.Softirq;

/// <summary>
/// A CPU's inline NET_RX softirq (softirq/N): what runs on irq_exit when a hard IRQ raised it. handle_softirqs():
/// a net_rx_action pass, then, while work is pending, restart, but only before the 2 ms deadline
/// (MAX_SOFTIRQ_TIME), while no thread waits for the CPU (need_resched) and for at most MAX_SOFTIRQ_RESTART passes;
/// otherwise hand the rest to ksoftirqd.
/// </summary>
/// <remarks>Kernel: kernel/softirq.c handle_softirqs(), invoke_softirq(), wakeup_softirqd().</remarks>
public sealed class NapiPoller : Actor<SoftirqMsg>
{
    private readonly NapiContext _cpu;

    private NapiPoller(NapiContext cpu) => _cpu = cpu;

    /// <summary>Recipe for <paramref name="cpu"/>'s inline softirq, pinned to that CPU at softirq level.</summary>
    public static Props<SoftirqMsg> Props(NapiContext cpu)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        return new Props<SoftirqMsg>(() => new NapiPoller(cpu)).WithCpu(cpu.Cpu, ExecClass.SoftIrq);
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
                cpu.RaiseQueued = false;
                if (cpu.InNetRxAction || !cpu.Pending)
                {
                    // ksoftirqd's pass is running (preempted by the IRQ that raised us): it sees the work when it ends.
                    return;
                }

                var options = cpu.Stack.Options;
                if (!cpu.SoftirqRunActive)
                {
                    cpu.SoftirqRunActive = true;
                    cpu.SoftirqDeadline = options.Jiffies(cpu.NowNanos) + options.MaxSoftirqJiffies;
                    cpu.SoftirqRestartsLeft = options.MaxSoftirqRestart;
                }

                cpu.NetRx.Begin();
            }

            if (cpu.NetRx.Step())
            {
                Self.Tell(SoftirqMsg.Step);
                return;
            }

            AfterPass();
        }
        finally
        {
            cpu.Leave(previous);
        }
    }

    private void AfterPass()
    {
        var cpu = _cpu;
        var options = cpu.Stack.Options;
        if (!cpu.Pending)
        {
            cpu.SoftirqRunActive = false;
            return;
        }

        if (options.Jiffies(cpu.NowNanos) < cpu.SoftirqDeadline && !Cpu.NeedResched && --cpu.SoftirqRestartsLeft > 0)
        {
            cpu.RaiseQueued = true;
            Self.Tell(SoftirqMsg.NetRx);
            return;
        }

        cpu.SoftirqRunActive = false;
        cpu.Softnet.IncKsoftirqdWakeups();
        if (cpu.Stack.ShouldLog(LogEventLevel.Information))
        {
            string cause = cpu.SoftirqRestartsLeft <= 0 ? "MAX_SOFTIRQ_RESTART reached" : Cpu.NeedResched ? "need_resched" : "MAX_SOFTIRQ_TIME elapsed";
            cpu.Stack.Log.Information("softirq: cpu {cpu} hands NET_RX to its ksoftirqd: {softirq_cause}", cpu.Cpu, cause);
        }

        cpu.WakeKsoftirqd();
    }
}
