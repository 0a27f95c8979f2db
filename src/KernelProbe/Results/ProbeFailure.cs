namespace ActorStack.KernelProbe;

/// <summary>An experiment that did not complete, and why.</summary>
public sealed record ProbeFailure
{
    /// <summary>The experiment's name as given to <c>--experiments</c>.</summary>
    public required string Experiment { get; init; }

    /// <summary>What went wrong (the exception's message, or a tool's stderr).</summary>
    public required string Reason { get; init; }
}
