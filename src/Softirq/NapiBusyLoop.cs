using ActorStack.Engine;
using ActorStack.Softirq.Snmp;

namespace ActorStack.Softirq;

/// <summary>
/// One thread's napi_busy_loop(): from process context, on the thread's own CPU, it claims a NAPI nobody owns
/// (SCHED|IN_BUSY_POLL in one compare-and-swap) and runs the driver's poll itself, so packets go through GRO,
/// netif_receive_skb and the protocols on the thread's CPU and time, with no interrupt and no softirq. While the
/// thread owns the NAPI, the driver's napi_complete_done() does nothing and the interrupt stays masked (an interrupt
/// that fires only sets MISSED). <see cref="Stop"/> is busy_poll_stop(): clear MISSED and IN_BUSY_POLL and poll once
/// more, which completes the NAPI and re-enables its interrupt, or, if that poll used its whole budget, schedules it
/// on this CPU's softirq.
/// A loop is a series of <see cref="Turn"/> calls, one per actor turn, so that between two turns the CPU's protocol
/// actors take what the poll passed up to the socket, as local_bh_enable() runs them in the kernel.
/// </summary>
/// <remarks>Kernel: net/core/dev.c __napi_busy_loop(), busy_poll_stop(); include/net/busy_poll.h.</remarks>
public sealed class NapiBusyLoop
{
    private readonly NetStack _stack;
    private NapiStruct? _napi;
    private int _cpu;

    /// <summary>A busy loop for threads of <paramref name="stack"/>.</summary>
    public NapiBusyLoop(NetStack stack)
    {
        ArgumentNullException.ThrowIfNull(stack);
        _stack = stack;
    }

    /// <summary>True while the thread owns a NAPI (napi_poll set in __napi_busy_loop).</summary>
    public bool Owns => _napi is not null;

    /// <summary>
    /// One pass of the loop's body on <paramref name="cpu"/>, paid by <paramref name="thread"/>: claim the NAPI
    /// <paramref name="napiId"/> if the thread does not own it yet, then poll it with <paramref name="budget"/>.
    /// A NAPI that a CPU's softirq or another thread owns is not touched (the pass only spins).
    /// </summary>
    /// <returns>Packets the driver returned (added to TcpExt BusyPollRxPackets).</returns>
    public int Turn(ICpuContext thread, int cpu, int napiId, int budget, bool preferBusyPoll = false)
    {
        ArgumentNullException.ThrowIfNull(thread);
        ArgumentOutOfRangeException.ThrowIfLessThan(budget, 1);
        var context = _stack.Cpus[cpu];
        var previous = context.Enter(thread);
        try
        {
            context.Spend(_stack.Costs.BusyPollLoop);
            if (_napi is null)
            {
                var napi = _stack.NapiById(napiId);
                if (napi is null || !napi.TryBusyPollClaim(preferBusyPoll))
                {
                    return 0;
                }

                _napi = napi;
                _cpu = cpu;
            }
            else if (cpu != _cpu)
            {
                throw new InvalidOperationException($"{_napi.Name} is busy polled from cpu {_cpu}; a turn on cpu {cpu} must follow a Stop.");
            }

            int work = _napi.Poll(context, budget);
            if (work > budget)
            {
                throw new InvalidOperationException($"{_napi.Name} polled {work} packets, more than asked ({budget}).");
            }

            if (work > 0)
            {
                _stack.Snmp.TcpExt.Add(TcpExtMibField.BusyPollRxPackets, work);
            }

            return work;
        }
        finally
        {
            context.Leave(previous);
        }
    }

    /// <summary>
    /// busy_poll_stop(), if the thread owns a NAPI: clear MISSED and IN_BUSY_POLL, poll once more with
    /// <paramref name="budget"/> to re-arm the interrupt, and if that poll used the whole budget, put the NAPI on this
    /// CPU's poll_list (__napi_schedule) for the softirq to finish. With <paramref name="preferBusyPoll"/>
    /// (SO_PREFER_BUSY_POLL) and both napi_defer_hard_irqs and gro_flush_timeout set, the interrupt stays masked
    /// instead: the watchdog is armed for gro_flush_timeout, and a full last poll leaves the NAPI to it.
    /// </summary>
    public void Stop(ICpuContext thread, int budget, bool preferBusyPoll = false)
    {
        ArgumentNullException.ThrowIfNull(thread);
        if (_napi is not { } napi)
        {
            return;
        }

        _napi = null;
        var context = _stack.Cpus[_cpu];
        var previous = context.Enter(thread);
        try
        {
            napi.BusyPollRelease();
            bool skipSchedule = false;
            if (preferBusyPoll)
            {
                napi.DeferHardIrqsCount = napi.DeferHardIrqs;
                long timeout = napi.GroFlushTimeoutNanos;
                if (napi.DeferHardIrqsCount > 0 && timeout > 0)
                {
                    context.ArmWatchdog(napi, timeout);
                    skipSchedule = true;
                }
            }

            int rc = napi.Poll(context, budget);
            if (rc == budget)
            {
                if (!skipSchedule)
                {
                    // SCHED is still ours: the softirq of this CPU polls it from here on.
                    context.ListAdd(napi);
                }
                else
                {
                    // The watchdog takes it from here; packets GRO holds go up unless younger than this jiffy.
                    napi.Gro?.Flush(context, oldOnly: _stack.Options.Hz >= 1000);
                    napi.ClearScheduled();
                }
            }
        }
        finally
        {
            context.Leave(previous);
        }
    }
}
