namespace ActorStack.Engine;

/// <summary>
/// What both execution modes' dispatchers tell an actor about its CPU: the narrow port between model code and the CPU
/// model (<see cref="ICpuContext"/> is built on it).
/// </summary>
public interface ISimDispatcher
{
    /// <summary>Where this dispatcher's actors run.</summary>
    Placement Placement { get; }

    /// <summary>The simulation the dispatcher belongs to.</summary>
    Simulation Simulation { get; }

    /// <summary>need_resched() on the placement's CPU: a thread is waiting to run there.</summary>
    bool NeedResched { get; }

    /// <summary>
    /// The running actor keeps its CPU busy for <paramref name="nanos"/> (see <see cref="ICpuContext.Spend"/>), as user
    /// time if <paramref name="user"/> (a thread's own work), otherwise as its class's kernel time.
    /// </summary>
    void Spend(long nanos, bool user = false);
}
