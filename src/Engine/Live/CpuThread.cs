using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Dispatch;

namespace ActorStack.Engine.Live;

/// <summary>
/// One simulated CPU in live mode: a dedicated thread. Mailbox runs of the actors placed on the CPU wait in one run
/// queue per (level, depth); the highest level and deepest stage runs first. While an actor spends CPU time,
/// higher-level work that arrives runs nested on the same thread, as an interrupt preempts whatever the CPU is doing;
/// the preempted actor's Spend does not count the time taken from it. Above hard IRQ there is a fourth level, the
/// devices: actors on no simulated CPU (NIC queues, the wire, sockets) run on a CPU thread too, so that live mode
/// needs one host core per simulated CPU and no more, and a packet does not cross a thread to reach its NIC.
/// </summary>
public sealed class CpuThread : IDisposable
{
    private const int Levels = 4;

    /// <summary>The level of device work (actors on no simulated CPU), above hard IRQ.</summary>
    internal const int DeviceLevel = 3;

    // One run queue per (level, depth), highest first; _queued counts per level (for yielding and need_resched).
    private readonly ConcurrentQueue<IRunnable>[] _runQueues = Enumerable.Range(0, Levels * Placement.Depths).Select(_ => new ConcurrentQueue<IRunnable>()).ToArray();
    private readonly int[] _queued = new int[Levels];
    private readonly ManualResetEventSlim _signal = new(false, spinCount: 50);
    private readonly CpuUsage _usage;
    private readonly Thread _thread;
    private volatile bool _stopping;

    // The innermost mailbox run on this thread: its level, and whether it has taken its first message (a run always
    // handles one; after that it yields as soon as higher-level work waits). Touched by this thread only.
    private int _runLevel = -1;
    private bool _tookFirst;

    // When the running actor last paid for its time (its run's start, or its last Spend): the real time its code has
    // taken since then is part of the next Spend's cost, so the .NET overhead of running the model is not charged on
    // top of the modelled cost (a CPU thread is busy max(modelled, real), not their sum).
    private long _paidUntil;

    internal CpuThread(int cpu, CpuUsage usage)
    {
        Cpu = cpu;
        _usage = usage;
        _thread = new Thread(Loop) { IsBackground = true, Name = $"cpu{cpu}" };
        _thread.Start();
    }

    /// <summary>The simulated CPU.</summary>
    public int Cpu { get; }

    /// <summary>need_resched(): a thread-level mailbox waits for this CPU.</summary>
    public bool NeedResched => Volatile.Read(ref _queued[0]) > 0;

    internal bool IsCurrentThread => Thread.CurrentThread == _thread;

    internal void Schedule(IRunnable run, Placement placement) =>
        Schedule(run, placement.IsShared ? DeviceLevel : placement.Class.Level(), placement.Depth);

    private void Schedule(IRunnable run, int level, int depth)
    {
        _runQueues[(level * Placement.Depths) + depth].Enqueue(run);
        Interlocked.Increment(ref _queued[level]);
        _signal.Set();
    }

    /// <summary>
    /// The CPU's thread really spends the time, spinning as a busy kernel path would. Higher-level work arriving
    /// meanwhile runs nested (preemption); the spin then resumes for what is left.
    /// </summary>
    internal void Spend(Placement placement, long nanos, bool user)
    {
        long last = Stopwatch.GetTimestamp();
        long unpaid = Math.Max(0, last - _paidUntil);
        long remaining = (nanos * Stopwatch.Frequency / 1_000_000_000) - unpaid;
        int level = placement.Class.Level();
        while (remaining > 0)
        {
            if (TryRunHigherThan(level))
            {
                last = Stopwatch.GetTimestamp();
                continue;
            }

            Thread.SpinWait(20);
            long now = Stopwatch.GetTimestamp();
            remaining -= now - last;
            last = now;
        }

        _paidUntil = Stopwatch.GetTimestamp();
        // The CPU was busy for the modelled cost, or for the real time the model's code took if that was longer: mpstat
        // shows what the thread did, so an overloaded live run is not reported idle.
        _usage.Add(Cpu, placement.Class.AccountingColumn(user), Math.Max(nanos, unpaid * 1_000_000_000 / Stopwatch.Frequency));
    }

    /// <summary>The running mailbox may take its next message: its first always, later ones while nothing higher waits.</summary>
    internal bool MayTakeNext()
    {
        if (!_tookFirst)
        {
            _tookFirst = true;
            return true;
        }

        for (int level = _runLevel + 1; level < Levels; level++)
        {
            if (Volatile.Read(ref _queued[level]) > 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stopping = true;
        _signal.Set();
        if (!IsCurrentThread)
        {
            _thread.Join();
        }
    }

    private bool TryRunHigherThan(int level)
    {
        for (int higher = Levels - 1; higher > level; higher--)
        {
            for (int depth = Placement.Depths - 1; depth >= 0; depth--)
            {
                if (_runQueues[(higher * Placement.Depths) + depth].TryDequeue(out var run))
                {
                    Interlocked.Decrement(ref _queued[higher]);
                    RunOne(run, higher);
                    return true;
                }
            }
        }

        return false;
    }

    private void RunOne(IRunnable run, int level)
    {
        int outerLevel = _runLevel;
        bool outerTook = _tookFirst;
        _runLevel = level;
        _tookFirst = false;
        _paidUntil = Stopwatch.GetTimestamp();
        long started = _paidUntil;
        try
        {
            run.Run();
        }
        finally
        {
            if (level == DeviceLevel)
            {
                // A device model ran on this CPU's thread (nothing preempts the device level): time the CPU lost.
                _usage.Add(Cpu, CpuColumn.Steal, (Stopwatch.GetTimestamp() - started) * 1_000_000_000 / Stopwatch.Frequency);
            }

            _runLevel = outerLevel;
            _tookFirst = outerTook;
            // The preempted work resumes: the nested run's time was not its own.
            _paidUntil = Stopwatch.GetTimestamp();
        }
    }

    private void Loop()
    {
        while (!_stopping)
        {
            if (TryRunHigherThan(-1))
            {
                continue;
            }

            // Reset, then re-check: a Schedule between the failed dequeue and the Reset is seen by the counts.
            _signal.Reset();
            if (Volatile.Read(ref _queued[0]) + Volatile.Read(ref _queued[1]) + Volatile.Read(ref _queued[2]) + Volatile.Read(ref _queued[3]) == 0 && !_stopping)
            {
                _signal.Wait();
            }
        }
    }
}
