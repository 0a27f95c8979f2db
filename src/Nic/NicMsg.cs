namespace ActorStack.Nic;

/// <summary>
/// What reaches an RX queue's hardware. Closed: a <see cref="WireFrame"/> from the wire (the frame is itself the
/// message, so the per-packet path allocates nothing), the driver's write of the interrupt-enable register, or the
/// expiry of the interrupt throttle timer.
/// </summary>
public abstract class NicMsg
{
    private protected NicMsg()
    {
    }

    /// <summary>The driver writes the interrupt-enable register (after napi_complete_done).</summary>
    public static NicMsg IrqEnable { get; } = new IrqEnableWrite();

    /// <summary>The interrupt throttle timer expired (rx-usecs since the first unsignalled completion).</summary>
    public static NicMsg CoalesceTimer { get; } = new ThrottleTimerExpiry();

    /// <summary>The driver's interrupt-enable register write.</summary>
    public sealed class IrqEnableWrite : NicMsg
    {
        internal IrqEnableWrite()
        {
        }
    }

    /// <summary>The interrupt throttle timer fired.</summary>
    public sealed class ThrottleTimerExpiry : NicMsg
    {
        internal ThrottleTimerExpiry()
        {
        }
    }
}
