namespace ActorStack.Softirq;

/// <summary>What reaches a CPU's softirq side: a hard interrupt, or a raised NET_RX_SOFTIRQ.</summary>
public readonly record struct SoftirqMsg(SoftirqMsgKind Kind, IIrqHandler? Irq)
{
    /// <summary>A hard interrupt for <paramref name="handler"/>.</summary>
    public static SoftirqMsg HardIrq(IIrqHandler handler) => new(SoftirqMsgKind.HardIrq, handler);

    /// <summary>NET_RX_SOFTIRQ raised again (pending work left after net_rx_action).</summary>
    public static SoftirqMsg NetRx => new(SoftirqMsgKind.NetRxSoftirq, null);
}

/// <summary>Kinds of <see cref="SoftirqMsg"/>.</summary>
public enum SoftirqMsgKind
{
    HardIrq,
    NetRxSoftirq,
}
