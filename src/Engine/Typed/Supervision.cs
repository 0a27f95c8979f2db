using Akka.Actor;

namespace ActorStack.Engine;

/// <summary>How a model actor's failure is handled: Akka's directive, and how many restarts before it stops.</summary>
public sealed record Supervision
{
    /// <summary>A rule; Escalate is refused: it would fail the root actor, which Akka restarts on its own threads.</summary>
    public Supervision(Directive directive, int maxRestarts = 10)
    {
        if (directive == Directive.Escalate)
        {
            throw new ArgumentException("Escalate is not a rule for a model actor: use Restart, Resume or Stop.", nameof(directive));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(maxRestarts);
        Directive = directive;
        MaxRestarts = maxRestarts;
    }

    /// <summary>What supervision does with the failed actor.</summary>
    public Directive Directive { get; }

    /// <summary>Restarts tolerated before the actor is stopped.</summary>
    public int MaxRestarts { get; }

    /// <summary>Restart on failure (a fresh instance; the old one releases its state in PreRestart), stop after 10.</summary>
    public static Supervision Restart { get; } = new(Directive.Restart);

    /// <summary>Resume on failure: keep the instance and its state.</summary>
    public static Supervision Resume { get; } = new(Directive.Resume);

    /// <summary>Stop on the first failure; later messages become dead letters.</summary>
    public static Supervision Stop { get; } = new(Directive.Stop);
}

/// <summary>One failure seen by supervision.</summary>
public sealed record ActorFault(string ActorName, Exception Error, Directive Directive, long AtNanos);

/// <summary>
/// What a model actor throws to Akka when its Receive failed: the original error and the directive the actor's
/// <see cref="Supervision"/> chose, which the root's strategy applies.
/// </summary>
public sealed class ModelActorFailure(string actorName, Directive directive, Exception inner)
    : Exception($"{actorName} failed: {inner.Message}", inner)
{
    /// <summary>The actor that failed.</summary>
    public string ActorName { get; } = actorName;

    /// <summary>What supervision does.</summary>
    public Directive Directive { get; } = directive;
}
