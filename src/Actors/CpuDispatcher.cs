using System.Collections.Concurrent;

namespace ActorStack.Actors;

/// <summary>
/// Live mode: one dedicated thread per simulated CPU. Actors pinned to the CPU run only on it, one turn at a time,
/// round-robin through a run queue; a turn is capped by throughput so a busy actor cannot starve the others.
/// </summary>
internal sealed class CpuDispatcher : IDispatcher, IDisposable
{
    private readonly ConcurrentQueue<IRunnable> _runQueue = new();
    private readonly ManualResetEventSlim _signal = new(false, spinCount: 50);
    private readonly Thread _thread;
    private volatile bool _stopping;

    public CpuDispatcher(int cpu, int throughput)
    {
        Cpu = cpu;
        Throughput = throughput;
        _thread = new Thread(Loop) { IsBackground = true, Name = $"cpu{cpu}" };
        _thread.Start();
    }

    public int Cpu { get; }

    public int Throughput { get; }

    public void Schedule(IRunnable runnable)
    {
        _runQueue.Enqueue(runnable);
        _signal.Set();
    }

    public void Dispose()
    {
        _stopping = true;
        _signal.Set();
        _thread.Join();
        _signal.Dispose();
    }

    private void Loop()
    {
        while (!_stopping)
        {
            if (_runQueue.TryDequeue(out var runnable))
            {
                runnable.Run();
                continue;
            }

            // Reset, then re-check: a Schedule between the failed dequeue and the Reset is seen by IsEmpty.
            _signal.Reset();
            if (_runQueue.IsEmpty && !_stopping)
            {
                _signal.Wait();
            }
        }
    }
}
