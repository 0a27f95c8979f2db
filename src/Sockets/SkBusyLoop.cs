using ActorStack.Engine;
using ActorStack.Softirq;

namespace ActorStack.Sockets;

/// <summary>How a turn of <see cref="SkBusyLoop"/> left the loop.</summary>
public enum BusyLoopState
{
    /// <summary>Keep going: tell yourself <see cref="BusyPoll"/> for the next turn.</summary>
    Polling,

    /// <summary>Data reached the socket: read it.</summary>
    Data,

    /// <summary>The socket's busy-poll time is up: go on to the normal (sleeping) read.</summary>
    TimedOut,
}

/// <summary>
/// sk_busy_loop() for one application thread reading an empty socket: turns of <see cref="NapiBusyLoop"/> on the
/// socket's NAPI, one per actor turn so that the CPU's protocol actors take each turn's packets to the socket before
/// the next, until data is queued (sk_busy_loop_end) or the socket's µs are up. A thread that has held its CPU for a
/// scheduler slice while another thread waits for it gives the NAPI back, pays a context switch and comes back to the
/// same loop (need_resched → busy_poll_stop, cond_resched, restart with a poll).
/// </summary>
/// <remarks>Kernel: include/net/busy_poll.h sk_busy_loop(), sk_busy_loop_end(); net/core/dev.c __napi_busy_loop().</remarks>
public sealed class SkBusyLoop
{
    private readonly NetStack _stack;
    private readonly BusyPollSettings _settings;
    private readonly NapiBusyLoop _napi;
    private long _startNanos;
    private long _sliceStart;
    private bool _rescheduled;

    /// <summary>A loop with the socket options <paramref name="settings"/>, counting into <paramref name="stats"/>.</summary>
    public SkBusyLoop(NetStack stack, BusyPollSettings settings, BusyPollStats stats)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(stats);
        _stack = stack;
        _settings = settings;
        Stats = stats;
        _napi = new NapiBusyLoop(stack);
    }

    /// <summary>What the loops did.</summary>
    public BusyPollStats Stats { get; }

    /// <summary>The thread got its CPU at <paramref name="nowNanos"/> (it started, or was woken): its slice begins.</summary>
    public void Scheduled(long nowNanos) => _sliceStart = nowNanos;

    /// <summary>
    /// sk_busy_loop() on an empty socket whose NAPI is <paramref name="napiId"/>: starts the loop with its first turn.
    /// </summary>
    /// <returns>False if the socket names no NAPI yet (nothing to poll: the caller reads and sleeps as usual).</returns>
    public bool Begin(ICpuContext thread, int cpu, int napiId)
    {
        ArgumentNullException.ThrowIfNull(thread);
        if (napiId < BusyPollConstants.MinNapiId)
        {
            return false;
        }

        _startNanos = thread.Clock.NowNanos;
        _rescheduled = false;
        Stats.CountLoop();
        Turn(thread, cpu, napiId);
        return true;
    }

    /// <summary>
    /// The rest of the loop body after a turn: sk_busy_loop_end() (<paramref name="dataQueued"/>, or the time is up),
    /// then need_resched(), else the next turn.
    /// </summary>
    public BusyLoopState Next(ICpuContext thread, int cpu, int napiId, bool dataQueued)
    {
        ArgumentNullException.ThrowIfNull(thread);
        long now = thread.Clock.NowNanos;
        if (dataQueued || BusyPollConstants.TimedOut(_startNanos, _settings.Usecs, now))
        {
            _napi.Stop(thread, _settings.EffectiveBudget, _settings.Prefer);
            Stats.CountLoopEnd(dataQueued, now - _startNanos);
            return dataQueued ? BusyLoopState.Data : BusyLoopState.TimedOut;
        }

        if (_rescheduled)
        {
            // Back from cond_resched(): the loop restarts with a poll before it looks at need_resched again.
            _rescheduled = false;
        }
        else if (thread.NeedResched && now - _sliceStart >= BusyPollConstants.SchedBaseSliceNanos)
        {
            // Another thread has waited for this CPU and the slice is over: give the NAPI back, let it run.
            _napi.Stop(thread, _settings.EffectiveBudget, _settings.Prefer);
            Stats.CountResched();
            thread.Spend(_stack.Costs.ContextSwitch);
            _rescheduled = true;
            _sliceStart = thread.Clock.NowNanos;
            return BusyLoopState.Polling;
        }

        Turn(thread, cpu, napiId);
        return BusyLoopState.Polling;
    }

    private void Turn(ICpuContext thread, int cpu, int napiId) =>
        Stats.CountTurn(_napi.Turn(thread, cpu, napiId, _settings.EffectiveBudget, _settings.Prefer));
}
