using ActorStack.Engine;
using Akka.TestKit;
using Xunit.Sdk;

namespace ActorStack.TestKit;

/// <summary>
/// An Akka.TestKit <see cref="TestProbe"/> with a typed reference for model actors. Deterministic mode: every
/// expectation first runs the model (in model time, on the calling thread) until a message is there or the model is
/// quiet, then takes it without waiting. Live mode: TestKit's own waiting, with <see cref="LiveTimeout"/>.
/// </summary>
public sealed class TypedProbe<T>
{
    private readonly Simulation _sim;

    /// <summary>Wraps <paramref name="probe"/>, which must belong to <paramref name="sim"/>'s Akka system.</summary>
    public TypedProbe(Simulation sim, TestProbe probe)
    {
        _sim = sim ?? throw new ArgumentNullException(nameof(sim));
        Probe = probe ?? throw new ArgumentNullException(nameof(probe));
        Ref = new ActorRef<T>(sim, probe.Ref);
    }

    /// <summary>
    /// A probe on <paramref name="sim"/> for code that is not a <see cref="SimTestKit"/> (a test that builds a whole
    /// simulated host, say).
    /// </summary>
    public static TypedProbe<T> Create(Simulation sim, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(sim);
        return new TypedProbe<T>(sim, new TestProbe(sim.Akka, new Akka.TestKit.Xunit2.XunitAssertions(), name));
    }

    /// <summary>The Akka probe (for TestKit's other expectations).</summary>
    public TestProbe Probe { get; }

    /// <summary>The reference to give the actors under test.</summary>
    public ActorRef<T> Ref { get; }

    /// <summary>How long live-mode expectations wait.</summary>
    public TimeSpan LiveTimeout { get; init; } = TimeSpan.FromSeconds(10);

    private bool Deterministic => _sim.Mode == ExecutionMode.Deterministic;

    /// <summary>Expects the next message; fails if none arrives or it does not satisfy <paramref name="predicate"/>.</summary>
    public T ExpectMsg(Func<T, bool>? predicate = null, string? because = null)
    {
        var message = Next("a message");
        if (predicate is not null && !predicate(message))
        {
            throw new XunitException($"Expected a message matching the predicate{Because(because)}, got: {message}");
        }

        return message;
    }

    /// <summary>
    /// Expects no message. Deterministic: runs the model until quiet (or for <paramref name="window"/> of model
    /// time). Live: waits <paramref name="window"/> of wall time (default 200 ms).
    /// </summary>
    public void ExpectNoMsg(TimeSpan? window = null, string? because = null)
    {
        if (Deterministic)
        {
            _sim.RunUntil(() => Probe.HasMessages, window);
            if (Probe.HasMessages)
            {
                throw new XunitException($"Expected no message{Because(because)}, got: {Probe.ReceiveOne(TimeSpan.Zero)}");
            }

            return;
        }

        Probe.ExpectNoMsg(window ?? TimeSpan.FromMilliseconds(200));
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

    /// <summary>Takes everything received so far without running the model or waiting.</summary>
    public IReadOnlyList<T> DrainReceived()
    {
        var result = new List<T>();
        while (Probe.HasMessages)
        {
            result.Add(Probe.ExpectMsg<T>(TimeSpan.Zero));
        }

        return result;
    }

    private T Next(string what)
    {
        if (!Deterministic)
        {
            return Probe.ExpectMsg<T>(LiveTimeout);
        }

        _sim.RunUntil(() => Probe.HasMessages);
        if (!Probe.HasMessages)
        {
            throw new XunitException(
                $"Expected {what}, but the model went quiet at {_sim.Clock.NowNanos / 1000.0:0.###} µs of model time with nothing delivered to {Ref.Name}.");
        }

        return Probe.ExpectMsg<T>(TimeSpan.Zero);
    }

    private static string Because(string? because) => because is null ? string.Empty : $" because {because}";
}
