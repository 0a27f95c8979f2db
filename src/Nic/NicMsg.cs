namespace ActorStack.Nic;

/// <summary>What reaches an RX queue's hardware: a frame from the wire, or the driver re-enabling the interrupt.</summary>
public readonly record struct NicMsg(NicMsgKind Kind, WireFrame? Frame)
{
    /// <summary>A frame arrives from the wire.</summary>
    public static NicMsg Arrive(WireFrame frame) => new(NicMsgKind.Frame, frame);

    /// <summary>The driver writes the interrupt-enable register (after napi_complete_done).</summary>
    public static NicMsg IrqEnable => new(NicMsgKind.IrqEnable, null);

    /// <summary>The interrupt throttle timer expired (rx-usecs since the first unsignalled completion).</summary>
    public static NicMsg CoalesceTimer => new(NicMsgKind.CoalesceTimer, null);
}

/// <summary>Kinds of <see cref="NicMsg"/>.</summary>
public enum NicMsgKind
{
    Frame,
    IrqEnable,
    CoalesceTimer,
}
