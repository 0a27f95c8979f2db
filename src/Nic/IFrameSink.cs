using ActorStack.Engine;

namespace ActorStack.Nic;

/// <summary>Where a traffic source's frames go: a NIC's port, or a software device's xmit on the sender's CPU.</summary>
public interface IFrameSink
{
    /// <summary>
    /// Takes <paramref name="frame"/> (and gives it back to its pool). <paramref name="sender"/> is the sending task's
    /// CPU context when the sender runs on a simulated CPU, else null (a peer across the wire).
    /// </summary>
    void Transmit(WireFrame frame, ICpuContext? sender);
}
