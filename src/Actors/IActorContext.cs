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
    /// Keeps this actor's CPU busy for <paramref name="nanos"/>: the cost of the work just done. Live: the CPU's thread
    /// really spends the time (higher-level work on the CPU preempts it meanwhile). Deterministic: the virtual clock
    /// moves on for this actor, and its CPU is not free for same- or lower-level work until the time is paid.
    /// Messages told afterwards leave at the later time. Accounted per CPU in <see cref="ActorSystem.Usage"/>.
    /// </summary>
    void Spend(long nanos);

    /// <summary>need_resched() on this actor's CPU: a thread is waiting to run there.</summary>
    bool NeedResched { get; }

    /// <summary>
    /// Creates a reusable timer that tells <paramref name="message"/> to <paramref name="target"/> when it fires.
    /// Like an hrtimer embedded in its owner: create once, arm many times, no allocation per arm.
    /// </summary>
    ActorTimer<T> CreateTimer<T>(ActorRef<T> target, T message);
}
