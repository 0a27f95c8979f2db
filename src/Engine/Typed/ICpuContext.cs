namespace ActorStack.Engine;

/// <summary>
/// The model's narrow port to the CPU model: what an actor's work may use of its CPU. Actors never touch threads or
/// clocks directly, and cannot tell live from deterministic mode.
/// </summary>
public interface ICpuContext
{
    /// <summary>The simulation this actor belongs to.</summary>
    Simulation Simulation { get; }

    /// <summary>The model clock: wall clock in live mode, virtual clock in deterministic mode.</summary>
    IClock Clock { get; }

    /// <summary>The actor's name, unique in its simulation.</summary>
    string Name { get; }

    /// <summary>Where the actor runs.</summary>
    Placement Placement { get; }

    /// <summary>need_resched() on this actor's CPU: a thread is waiting to run there.</summary>
    bool NeedResched { get; }

    /// <summary>
    /// Keeps this actor's CPU busy for <paramref name="nanos"/>: the cost of the work just done. Live: the CPU's thread
    /// really spends the time (higher-level work on the CPU preempts it meanwhile). Deterministic: the virtual clock
    /// moves on for this actor, and its CPU is not free for same- or lower-level work until the time is paid.
    /// Messages told afterwards leave at the later time. Accounted per CPU in <see cref="Simulation.Usage"/>.
    /// </summary>
    void Spend(long nanos);

    /// <summary>
    /// Like <see cref="Spend"/>, for a thread's work in user space (its own computation, think time): mpstat %usr. What
    /// a thread spends with <see cref="Spend"/> is kernel work done for it, system calls and copies (%sys).
    /// </summary>
    void SpendUser(long nanos);

    /// <summary>
    /// Creates a reusable timer that tells <paramref name="message"/> to <paramref name="target"/> when it fires.
    /// Like an hrtimer embedded in its owner: create once, arm many times, no allocation per arm.
    /// </summary>
    ActorTimer<T> CreateTimer<T>(ActorRef<T> target, T message);
}

/// <summary>An actor's <see cref="ICpuContext"/>: its dispatcher is its CPU.</summary>
internal sealed class CpuContext(ISimDispatcher dispatcher, string name) : ICpuContext
{
    public Simulation Simulation => dispatcher.Simulation;

    public IClock Clock => dispatcher.Simulation.Clock;

    public string Name => name;

    public Placement Placement => dispatcher.Placement;

    public bool NeedResched => dispatcher.NeedResched;

    public void Spend(long nanos)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nanos);
        if (nanos > 0)
        {
            dispatcher.Spend(nanos);
        }
    }

    public void SpendUser(long nanos)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nanos);
        if (nanos > 0)
        {
            dispatcher.Spend(nanos, user: true);
        }
    }

    public ActorTimer<T> CreateTimer<T>(ActorRef<T> target, T message) => new(dispatcher.Simulation, target, message);
}
