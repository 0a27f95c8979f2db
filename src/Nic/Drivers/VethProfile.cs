using System.Text;

namespace ActorStack.Nic.Drivers;

/// <summary>
/// veth without XDP or GRO: veth_xmit() → veth_forward_skb() → __netif_rx() hands the sender's own skb to the peer,
/// queued on the sending CPU's backlog (or the RPS CPU's); its truesize is what the sender allocated.
/// </summary>
internal sealed class VethProfile : SoftwareDeviceProfile
{
    public static readonly VethProfile Instance = new();

    public override DriverKind Kind => DriverKind.Veth;

    public override string Name => "veth";

    public override string InterfaceName => "veth1";

    public override string FormatDriverInfo() =>
        "driver: veth\nversion: 1.0\nfirmware-version: \nexpansion-rom-version: \nbus-info: \n" +
        "supports-statistics: yes\nsupports-test: no\nsupports-eeprom-access: no\nsupports-register-dump: no\nsupports-priv-flags: no\n";

    // veth_rq_stats_desc / veth_tq_stats_desc: only XDP and NAPI-mode drops are counted per queue; without XDP every
    // one of them stays 0, as on Linux. Drops at the backlog show in ip -s link (veth0 TX dropped), not here.
    public override string FormatStats(DriverStats stats)
    {
        var sb = new StringBuilder("NIC statistics:\n");
        Line(sb, "peer_ifindex", 2);
        for (int q = 0; q < stats.QueuePackets.Count; q++)
        {
            foreach (var name in (string[])["xdp_packets", "xdp_bytes", "drops", "xdp_redirect", "xdp_drops", "xdp_tx", "xdp_tx_errors"])
            {
                Line(sb, $"rx_queue_{q}_{name}", 0);
            }
        }

        for (int q = 0; q < stats.QueuePackets.Count; q++)
        {
            Line(sb, $"tx_queue_{q}_xdp_xmit", 0);
            Line(sb, $"tx_queue_{q}_xdp_xmit_errors", 0);
        }

        return sb.ToString();
    }
}
