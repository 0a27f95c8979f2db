using System.Diagnostics;

namespace ActorStack.Actors;

/// <summary>Live mode: actors that belong to no simulated CPU (NIC hardware, the wire, helpers) run on the .NET thread pool.</summary>
internal sealed class SharedDispatcher : IDispatcher
{
    public SharedDispatcher(int throughput) => Throughput = throughput;

    public int Throughput { get; }

    public void Schedule(IRunnable runnable) =>
        ThreadPool.UnsafeQueueUserWorkItem(static r => r.Run(), runnable, preferLocal: false);

    public void Spend(IRunnable running, long nanos)
    {
        // A device busy for a while (a serialising wire, say) holds its thread for that long.
        long until = Stopwatch.GetTimestamp() + (nanos * Stopwatch.Frequency / 1_000_000_000);
        while (Stopwatch.GetTimestamp() < until)
        {
            Thread.SpinWait(20);
        }
    }

    public bool ShouldYield(IRunnable running) => false;

    public bool NeedResched(int cpu) => false;
}
