using System.Collections.Concurrent;
using System.Diagnostics;

namespace ActorStack.Actors;

/// <summary>
/// Live mode: one dedicated thread per simulated CPU. Actors pinned to the CPU run only on it, one turn at a time.
/// Runnable mailboxes wait in one run queue per level (threads, softirq, hard IRQ); the highest non-empty level runs
/// first. While an actor spends CPU time, higher-level work that arrives runs nested on the same thread, as an interrupt
/// preempts whatever the CPU is doing; the preempted actor's spend does not count the time taken from it.
/// </summary>
internal sealed class CpuDispatcher : IDispatcher, IDisposable
{
    private const int Levels = 3;
    private const int Depths = 4;

    // One run queue per (level, depth), highest first; _queued counts per level (for yielding and need_resched).
    private readonly ConcurrentQueue<IRunnable>[] _runQueues = Enumerable.Range(0, Levels * Depths).Select(_ => new ConcurrentQueue<IRunnable>()).ToArray();
    private readonly int[] _queued = new int[Levels];
    private readonly ManualResetEventSlim _signal = new(false, spinCount: 50);
    private readonly CpuUsage _usage;
    private readonly Thread _thread;
    private volatile bool _stopping;

    public CpuDispatcher(int cpu, int throughput, CpuUsage usage)
    {
        Cpu = cpu;
        Throughput = throughput;
        _usage = usage;
        _thread = new Thread(Loop) { IsBackground = true, Name = $"cpu{cpu}" };
        _thread.Start();
    }

    public int Cpu { get; }

    public int Throughput { get; }

    public void Schedule(IRunnable runnable)
    {
        int level = runnable.Class.Level();
        _runQueues[(level * Depths) + runnable.Depth].Enqueue(runnable);
        Interlocked.Increment(ref _queued[level]);
        _signal.Set();
    }

    public void Spend(IRunnable running, long nanos)
    {
        // The CPU's thread really spends the time, spinning as a busy kernel path would. Higher-level work arriving
        // meanwhile runs nested (preemption); the spin then resumes for what is left.
        long remaining = nanos * Stopwatch.Frequency / 1_000_000_000;
        int level = running.Class.Level();
        long last = Stopwatch.GetTimestamp();
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

        _usage.Add(Cpu, running.Class, nanos);
    }

    public bool ShouldYield(IRunnable running)
    {
        for (int level = running.Class.Level() + 1; level < Levels; level++)
        {
            if (Volatile.Read(ref _queued[level]) > 0)
            {
                return true;
            }
        }

        return false;
    }

    public bool NeedResched(int cpu) => Volatile.Read(ref _queued[0]) > 0;

    public void Dispose()
    {
        _stopping = true;
        _signal.Set();
        _thread.Join();
        _signal.Dispose();
    }

    private bool TryRunHigherThan(int level)
    {
        for (int higher = Levels - 1; higher > level; higher--)
        {
            if (TryDequeue(higher, out var runnable))
            {
                runnable.Run();
                return true;
            }
        }

        return false;
    }

    private bool TryDequeue(int level, out IRunnable runnable)
    {
        for (int depth = Depths - 1; depth >= 0; depth--)
        {
            if (_runQueues[(level * Depths) + depth].TryDequeue(out runnable!))
            {
                Interlocked.Decrement(ref _queued[level]);
                return true;
            }
        }

        runnable = null!;
        return false;
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
            if (Volatile.Read(ref _queued[0]) + Volatile.Read(ref _queued[1]) + Volatile.Read(ref _queued[2]) == 0 && !_stopping)
            {
                _signal.Wait();
            }
        }
    }
}
