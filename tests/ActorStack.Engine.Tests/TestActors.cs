using ActorStack.Engine;

namespace ActorStack.Engine.Tests;

/// <summary>Forwards every message to a target, recording the order it handled them in.</summary>
internal sealed class Forwarder<T>(ActorRef<T> target, List<string>? log = null, string name = "") : Actor<T>
{
    protected override void Receive(T message)
    {
        log?.Add($"{name}:{message}");
        target.Tell(message);
    }
}

/// <summary>Throws on a chosen message; counts instances created (restarts).</summary>
internal sealed class Faulty(ActorRef<int> target, int poison, Action onCreated, Action onPreRestart) : Actor<int>
{
    protected override void PreStart() => onCreated();

    protected override void PreRestart(Exception reason) => onPreRestart();

    protected override void Receive(int message)
    {
        if (message == poison)
        {
            throw new InvalidOperationException($"poison {message}");
        }

        target.Tell(message);
    }
}

/// <summary>Records what it handles and never forwards.</summary>
internal sealed class Sink<T>(List<T> seen) : Actor<T>
{
    protected override void Receive(T message) => seen.Add(message);
}

/// <summary>Counts lifecycle callbacks.</summary>
internal sealed class CountingLifecycle : IMessageLifecycle<int>
{
    public List<int> Overflowed { get; } = new();

    public List<int> Faulted { get; } = new();

    public List<int> DeadLetters { get; } = new();

    public void OnEnqueued(in int message, int target)
    {
    }

    public void OnMailboxOverflow(in int message, int actorId, string actorName) => Overflowed.Add(message);

    public void OnFaulted(in int message, int actorId, string actorName, Exception error) => Faulted.Add(message);

    public void OnDeadLetter(in int message, int actorId, string actorName) => DeadLetters.Add(message);
}

/// <summary>Spends a fixed CPU cost per message and records (name, start, end) of each in virtual or wall time.</summary>
internal sealed class Worker(long cost, List<(string Name, long Start, long End)> log, string name) : Actor<int>
{
    protected override void Receive(int message)
    {
        long start = Cpu.Clock.NowNanos;
        Cpu.Spend(cost);
        log.Add((name, start, Cpu.Clock.NowNanos));
    }
}
