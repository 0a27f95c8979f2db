namespace ActorStack.Sockets;

/// <summary>A socket's busy-poll options: sk_ll_usec, sk_busy_poll_budget and sk_prefer_busy_poll.</summary>
/// <param name="Usecs">SO_BUSY_POLL (default net.core.busy_read): µs to busy poll an empty socket; 0 is off.</param>
/// <param name="Budget">SO_BUSY_POLL_BUDGET: packets per busy-poll call; 0 means BUSY_POLL_BUDGET (8).</param>
/// <param name="Prefer">SO_PREFER_BUSY_POLL.</param>
/// <remarks>Kernel: include/net/sock.h, net/core/sock.c sk_setsockopt().</remarks>
public sealed record BusyPollSettings(int Usecs, int Budget = 0, bool Prefer = false)
{
    /// <summary>Busy polling off (the kernel's default: busy_read 0).</summary>
    public static BusyPollSettings Off { get; } = new(0);

    /// <summary>sk_can_busy_loop(): the socket busy polls at all.</summary>
    public bool Enabled => Usecs > 0;

    /// <summary>The budget a busy-poll call uses.</summary>
    public int EffectiveBudget => Budget > 0 ? Budget : Softirq.BusyPollConstants.BusyPollBudget;
}
