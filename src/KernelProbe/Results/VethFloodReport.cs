namespace ActorStack.KernelProbe;

/// <summary>
/// A UDP flood from namespace A to namespace B across a veth pair. veth_xmit() hands each skb to __netif_rx(), so it
/// lands in a per-CPU backlog (enqueue_to_backlog(), capped by the global net.core.netdev_max_backlog): the sending
/// CPU's own without RPS, the RPS target's with rps_cpus set on veth1's rx queue.
/// </summary>
public sealed record VethFloodReport
{
    /// <summary>net.core.netdev_max_backlog before the experiment (the "default" cases use it).</summary>
    public int NetdevMaxBacklogOriginal { get; init; }

    /// <summary>Whether the sysctl exists inside a non-initial namespace (it is init_net only on 6.x, so the probe
    /// sets it from the host namespace).</summary>
    public bool NetdevMaxBacklogPerNetns { get; init; }

    /// <summary>Whether net.core.netdev_max_backlog read back equal to the original after the experiment.</summary>
    public bool NetdevMaxBacklogRestored { get; init; }

    /// <summary>The cases in the order they ran.</summary>
    public IReadOnlyList<VethFloodCase> Cases { get; init; } = [];
}
