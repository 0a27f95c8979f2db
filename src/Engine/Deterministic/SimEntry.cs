using Akka.Dispatch;

namespace ActorStack.Engine.Deterministic;

/// <summary>One simulated actor's scheduling state in the engine: where it runs, its queue, whether it is runnable.</summary>
internal sealed class SimEntry
{
    public SimEntry(string name, Placement placement, TimedMessageQueue? queue, bool isRoot = false)
    {
        IsRoot = isRoot;
        Name = name;
        Placement = placement;
        Queue = queue;
    }

    public string Name { get; }

    public Placement Placement { get; }

    /// <summary>The actor's time-ordered queue (null for a bare runnable handed to a simulated dispatcher).</summary>
    public TimedMessageQueue? Queue { get; }

    /// <summary>What Akka handed to ExecuteTask: the actor's mailbox (its Run is one turn).</summary>
    public IRunnable? Runnable { get; set; }

    /// <summary>In the engine's ready list: has a message and is not running.</summary>
    public bool InReady { get; set; }

    /// <summary>Its mailbox is running on the driver now (a turn, or a system-message run).</summary>
    public bool Running { get; set; }

    /// <summary>System messages (create, supervise, restart, stop) arrived while it ran: run them after the turn.</summary>
    public bool SystemPending { get; set; }

    /// <summary>Messages the running turn may still take (one per turn: every message is a scheduling point).</summary>
    public int TurnBudget { get; set; }

    /// <summary>Actors on no CPU: the device is busy until this virtual time (its own Spend).</summary>
    public long DeviceBusyUntil { get; set; }

    /// <summary>
    /// The simulation's root actor: Akka's /user guardian starts it from the thread pool, so its system messages may
    /// arrive from there for a while after start; they touch neither model time nor the seeded choices.
    /// </summary>
    public bool IsRoot { get; init; }

    /// <summary>When the oldest queued message became (or becomes) ready, in virtual ns.</summary>
    public long HeadReadyAt => Queue?.HeadReadyAt ?? 0;

    public override string ToString() => Name;
}
