namespace ActorStack.Actors;

/// <summary>What an actor may use from the runtime. Actors never touch threads or clocks directly.</summary>
public interface IActorContext
{
    /// <summary>The system this actor belongs to.</summary>
    ActorSystem System { get; }

    /// <summary>The injected clock: wall clock in live mode, virtual clock in deterministic mode.</summary>
    IClock Clock { get; }

    /// <summary>The actor's name, unique in its system.</summary>
    string Name { get; }

    /// <summary>The dispatcher the actor runs on (a simulated CPU or the shared one).</summary>
    DispatcherId Dispatcher { get; }

    /// <summary>
    /// Creates a reusable timer that tells <paramref name="message"/> to <paramref name="target"/> when it fires.
    /// Like an hrtimer embedded in its owner: create once, arm many times, no allocation per arm.
    /// </summary>
    ActorTimer<T> CreateTimer<T>(ActorRef<T> target, T message);
}
