using System.Text;
using ActorStack.Softirq.Skb;

namespace ActorStack.Nic.Drivers;

/// <summary>
/// mlx5_core with a striding RQ (multi-packet WQEs, the default on ConnectX-5 and later): at MTU 1500 the skb is
/// built linear around the packet's strides (mlx5e_skb_from_cqe_mpwrq_linear), so truesize follows the frame size.
/// </summary>
internal sealed class Mlx5Profile : DriverProfile
{
    public static readonly Mlx5Profile Instance = new();

    public override DriverKind Kind => DriverKind.Mlx5;

    public override string Name => "mlx5_core";

    public override int RxTruesize(int frameLength) =>
        SkbConstants.DataAlign(SkbConstants.NetSkbPad + frameLength) + SkbConstants.SharedInfoAligned + SkbConstants.SkBuffStructAligned;

    public override string VectorName(string ifname, int queue) => $"mlx5_comp{queue}@pci:0000:01:00.0";

    public override string? IrqLabel(string ifname, int queue) => $"IR-PCI-MSIX-0000:01:00.0 {queue + 1}-edge      {VectorName(ifname, queue)}";

    public override string FormatDriverInfo() =>
        "driver: mlx5_core\nversion: 6.18.44\nfirmware-version: 16.35.2000 (MT_0000000012)\nexpansion-rom-version: \nbus-info: 0000:01:00.0\n" +
        "supports-statistics: yes\nsupports-test: yes\nsupports-eeprom-access: no\nsupports-register-dump: no\nsupports-priv-flags: yes\n";

    public override string FormatStats(DriverStats stats)
    {
        var sb = new StringBuilder("NIC statistics:\n");
        Line(sb, "rx_packets", stats.QueuePackets.Sum());
        Line(sb, "rx_bytes", stats.QueueBytes.Sum());
        Line(sb, "rx_csum_complete", 0);
        Line(sb, "rx_csum_unnecessary", stats.QueuePackets.Sum() - stats.ChecksumErrors);
        Line(sb, "rx_csum_none", stats.ChecksumErrors);
        Line(sb, "rx_out_of_buffer", stats.Missed);
        for (int q = 0; q < stats.QueuePackets.Count; q++)
        {
            Line(sb, $"rx{q}_packets", stats.QueuePackets[q]);
            Line(sb, $"rx{q}_bytes", stats.QueueBytes[q]);
        }

        return sb.ToString();
    }
}
