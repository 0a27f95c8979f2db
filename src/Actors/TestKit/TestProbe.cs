using System.Collections.Concurrent;

namespace ActorStack.Actors.TestKit;

/// <summary>
/// An actor that records what it is told, for assertions. In deterministic mode the expectations drive the
/// system until the message arrives or the system is quiet (never sleeping); in live mode they wait up to a timeout.
/// </summary>
public sealed class TestProbe<T>
{
    private readonly ConcurrentQueue<T> _received = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly ActorSystem _system;

    /// <summary>Creates a probe actor named <paramref name="name"/> on the shared dispatcher (or <paramref name="dispatcher"/>).</summary>
    public TestProbe(ActorSystem system, string name = "probe", DispatcherId? dispatcher = null)
    {
        _system = system ?? throw new ArgumentNullException(nameof(system));
        var props = new Props<T>(() => new Recorder(this)) { Dispatcher = dispatcher ?? DispatcherId.Shared };
        Ref = system.Spawn(props, name);
    }

    /// <summary>The probe's reference: give it to the actors under test.</summary>
    public ActorRef<T> Ref { get; }

    /// <summary>How long live-mode expectations wait.</summary>
    public TimeSpan LiveTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Messages received and not yet taken by an expectation.</summary>
    public int Pending => _received.Count;

    /// <summary>Expects the next message; fails if none arrives or it does not satisfy <paramref name="predicate"/>.</summary>
    public T ExpectMsg(Func<T, bool>? predicate = null, string? because = null)
    {
        var message = Next("a message");
        if (predicate is not null && !predicate(message))
        {
            throw new TestKitException($"Expected a message matching the predicate{Because(because)}, got: {message}");
        }

        return message;
    }

    /// <summary>Expects the next message to be a <typeparamref name="TSub"/> matching <paramref name="predicate"/>.</summary>
    public TSub ExpectMsg<TSub>(Func<TSub, bool>? predicate = null, string? because = null)
        where TSub : T
    {
        var message = Next($"a {typeof(TSub).Name}");
        if (message is not TSub typed)
        {
            throw new TestKitException($"Expected a {typeof(TSub).Name}{Because(because)}, got: {message}");
        }

        if (predicate is not null && !predicate(typed))
        {
            throw new TestKitException($"Expected a {typeof(TSub).Name} matching the predicate{Because(because)}, got: {message}");
        }

        return typed;
    }

    /// <summary>
    /// Expects no message. Deterministic: runs the system until quiet and checks nothing arrived.
    /// Live: waits <paramref name="liveWindow"/> (default 200 ms).
    /// </summary>
    public void ExpectNoMsg(TimeSpan? liveWindow = null, string? because = null)
    {
        if (_system.Mode == ExecutionMode.Deterministic)
        {
            _system.RunUntilQuiet();
        }
        else
        {
            _system.RunUntil(() => !_received.IsEmpty, liveWindow ?? TimeSpan.FromMilliseconds(200));
        }

        if (_received.TryPeek(out var unexpected))
        {
            throw new TestKitException($"Expected no message{Because(because)}, got: {unexpected}");
        }
    }

    /// <summary>Receives exactly <paramref name="count"/> messages, in arrival order.</summary>
    public IReadOnlyList<T> ReceiveN(int count)
    {
        var result = new List<T>(count);
        for (int i = 0; i < count; i++)
        {
            result.Add(Next($"message {i + 1} of {count}"));
        }

        return result;
    }

    /// <summary>Takes everything received so far without waiting.</summary>
    public IReadOnlyList<T> DrainReceived()
    {
        var result = new List<T>();
        while (_received.TryDequeue(out var message))
        {
            _arrived.Wait(0);
            result.Add(message);
        }

        return result;
    }

    private T Next(string what)
    {
        if (_system.Mode == ExecutionMode.Deterministic)
        {
            _system.RunUntil(() => !_received.IsEmpty);
            if (_received.TryDequeue(out var message))
            {
                _arrived.Wait(0);
                return message;
            }

            throw new TestKitException($"Expected {what}, but the system went quiet with nothing delivered to {Ref.Name}.");
        }

        if (!_arrived.Wait(LiveTimeout))
        {
            throw new TestKitException($"Expected {what} within {LiveTimeout.TotalMilliseconds} ms, got nothing at {Ref.Name}.");
        }

        _received.TryDequeue(out var live);
        return live!;
    }

    private static string Because(string? because) => because is null ? string.Empty : $" because {because}";

    private sealed class Recorder(TestProbe<T> probe) : Actor<T>
    {
        protected internal override void Receive(T message)
        {
            probe._received.Enqueue(message);
            probe._arrived.Release();
        }
    }
}
