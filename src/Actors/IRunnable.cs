namespace ActorStack.Actors;

/// <summary>A unit of work a dispatcher can run: an actor's mailbox turn.</summary>
internal interface IRunnable
{
    /// <summary>The simulated CPU the actor is pinned to, or -1 (hardware, shared).</summary>
    int Cpu { get; }

    /// <summary>The context the actor's work runs in.</summary>
    ExecClass Class { get; }

    /// <summary>Depth within the level (0..3): deeper first at equal time.</summary>
    int Depth { get; }

    /// <summary>Deterministic mode: when the oldest queued message became (or becomes) ready, in virtual nanoseconds.</summary>
    long HeadReadyAt { get; }

    /// <summary>Deterministic mode, actors on no CPU: the device is busy until this virtual time (its own Spend).</summary>
    long DeviceBusyUntil { get; set; }

    /// <summary>Runs one turn (up to the throughput cap) on the calling thread.</summary>
    void Run();
}
