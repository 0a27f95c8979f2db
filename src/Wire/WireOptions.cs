namespace ActorStack.Wire;

/// <summary>The path between the peer and the host: one-way delay, and loss and reordering toward the host.</summary>
/// <param name="DelayNanos">One-way propagation delay, each direction.</param>
/// <param name="LossPercent">Chance a frame toward the host is lost on the wire (it never reaches the NIC).</param>
/// <param name="ReorderPercent">Chance a frame toward the host is held back by <paramref name="ReorderDelayNanos"/>.</param>
/// <param name="ReorderDelayNanos">Extra delay of a reordered frame.</param>
/// <param name="Seed">Seed of the loss and reordering draws.</param>
public sealed record WireOptions(long DelayNanos, double LossPercent, double ReorderPercent, long ReorderDelayNanos, int Seed);
