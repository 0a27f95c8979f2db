using ActorStack.Engine;
using ActorStack.Softirq;

namespace ActorStack.Nic.Drivers;

/// <summary>
/// The sending task of a TCP peer on this host (loopback, veth): the peer decides what to send and when; this task,
/// on the sender's CPU, pays sendmsg for each segment and hands it to the device's xmit there, so the receive
/// softirq runs on that CPU as it does on Linux. One segment per turn, so that softirq runs between segments.
/// </summary>
public sealed class LocalSender : Actor<WireFrame>
{
    private readonly LocalXmit _xmit;
    private readonly long _sendCost;

    private LocalSender(LocalXmit xmit, long sendCost)
    {
        _xmit = xmit;
        _sendCost = sendCost;
    }

    /// <summary>A sink that queues frames to the sending task <paramref name="sender"/>.</summary>
    public static IFrameSink Sink(ActorRef<WireFrame> sender) => new ToSender(sender);

    /// <summary>Recipe: the task on <paramref name="cpu"/>.</summary>
    public static Props<WireFrame> Props(LocalXmit xmit, CpuCosts costs, int cpu) =>
        new Props<WireFrame>(() => new LocalSender(xmit, costs.Sendmsg)) { Supervisor = Supervision.Stop }.WithCpu(cpu);

    /// <inheritdoc />
    protected override void Receive(WireFrame message)
    {
        Cpu.Spend(_sendCost);
        _xmit.Transmit(message, Cpu);
    }

    private sealed class ToSender(ActorRef<WireFrame> sender) : IFrameSink
    {
        public void Transmit(WireFrame frame, ICpuContext? from) => sender.Tell(frame);
    }
}
