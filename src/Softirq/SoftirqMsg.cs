namespace ActorStack.Softirq;

/// <summary>NET_RX_SOFTIRQ work for a CPU's softirq actors: a raise, or the next step of a net_rx_action pass in progress.</summary>
public readonly record struct SoftirqMsg(bool Continue)
{
    /// <summary>NET_RX_SOFTIRQ raised: run the softirq if it is pending.</summary>
    public static SoftirqMsg NetRx => new(false);

    /// <summary>Continue this actor's net_rx_action pass.</summary>
    public static SoftirqMsg Step => new(true);
}

/// <summary>An interrupt delivered to a CPU: a device's MSI-X vector, or an IPI.</summary>
public readonly record struct IrqMsg(IIrqHandler Handler);
