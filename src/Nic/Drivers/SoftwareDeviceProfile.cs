namespace ActorStack.Nic.Drivers;

/// <summary>
/// A software device (veth, loopback): the sender's own skb is handed to __netif_rx() on the sending CPU, so there is
/// no ring, no interrupt, and the skb's truesize and layout are the sender's (set by <see cref="LocalXmit"/>).
/// </summary>
internal abstract class SoftwareDeviceProfile : DriverProfile
{
    public override bool SenderCpuReceives => true;

    public override int RxTruesize(int frameLength) => LocalUdpTruesize(frameLength);

    // The sender's own skb: its layout is set by LocalXmit, not by a receive buffer.
    public override int RxTailroom(int frameLength) => 0;

    public override string? IrqLabel(string ifname, int queue) => null;
}
