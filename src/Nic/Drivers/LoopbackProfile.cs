namespace ActorStack.Nic.Drivers;

/// <summary>
/// loopback: loopback_xmit() orphans the sender's skb and hands it to __netif_rx() on the sending CPU; there is no
/// NIC, no ring and no interrupt, and the device has no driver information or statistics for ethtool.
/// </summary>
internal sealed class LoopbackProfile : SoftwareDeviceProfile
{
    public static readonly LoopbackProfile Instance = new();

    public override DriverKind Kind => DriverKind.Loopback;

    public override string Name => "loopback";

    public override string InterfaceName => "lo";

    // loopback_ethtool_ops has no get_drvinfo and lo has no parent device or rtnl_link_ops (ethtool_get_drvinfo()).
    public override string FormatDriverInfo() => "Cannot get driver information: Operation not supported\n";

    // No get_sset_count/get_ethtool_stats: ethtool prints this.
    public override string FormatStats(DriverStats stats) => "no stats available\n";
}
