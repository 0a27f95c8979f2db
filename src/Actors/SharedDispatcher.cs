namespace ActorStack.Actors;

/// <summary>Live mode: actors that belong to no simulated CPU (NIC hardware, the wire, helpers) run on the .NET thread pool.</summary>
internal sealed class SharedDispatcher : IDispatcher
{
    public SharedDispatcher(int throughput) => Throughput = throughput;

    public int Throughput { get; }

    public void Schedule(IRunnable runnable) =>
        ThreadPool.UnsafeQueueUserWorkItem(static r => r.Run(), runnable, preferLocal: false);
}
