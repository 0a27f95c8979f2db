namespace ActorStack.Actors;

/// <summary>What the supervisor does when an actor throws.</summary>
public enum SupervisorDirective
{
    /// <summary>Keep the instance and its state; continue with the next message.</summary>
    Resume,

    /// <summary>Replace the instance with a fresh one from the factory (its old state is released first).</summary>
    Restart,

    /// <summary>Stop the actor; later messages become dead letters.</summary>
    Stop,
}

/// <summary>A supervision rule: the directive, and how many restarts are tolerated before stopping.</summary>
public sealed record SupervisorStrategy(SupervisorDirective Directive, int MaxRestarts = 10)
{
    /// <summary>Restart on failure, stop after 10 restarts.</summary>
    public static SupervisorStrategy Restart { get; } = new(SupervisorDirective.Restart);

    /// <summary>Resume on failure.</summary>
    public static SupervisorStrategy Resume { get; } = new(SupervisorDirective.Resume);

    /// <summary>Stop on first failure.</summary>
    public static SupervisorStrategy Stop { get; } = new(SupervisorDirective.Stop);
}

/// <summary>One failure seen by a supervisor.</summary>
public sealed record ActorFault(string ActorName, Exception Error, SupervisorDirective Directive, long AtNanos);
