using System.Text;
using ActorStack.Softirq.Skb;

namespace ActorStack.Nic.Drivers;

/// <summary>
/// mlx5_core with a striding RQ (multi-packet WQEs, the default on ConnectX-5 and later): at MTU 1500 the skb is
/// built linear around the packet's 2 KiB stride (mlx5e_skb_from_cqe_mpwrq_linear → napi_build_skb(va,
/// MLX5_SKB_FRAG_SZ(64 + cqe_bcnt))), so truesize follows the frame size: SKB_DATA_ALIGN(64 + frame) + 576, the
/// frame padded to 60 bytes on the wire. No small-packet copy on this path (kernel-reference 17.2).
/// </summary>
internal sealed class Mlx5Profile : DriverProfile
{
    public static readonly Mlx5Profile Instance = new();

    public override DriverKind Kind => DriverKind.Mlx5;

    public override string Name => "mlx5_core";

    public override int RxTruesize(int frameLength) =>
        SkbConstants.DataAlign(SkbConstants.NetSkbPad + Math.Max(60, frameLength)) + SkbConstants.SharedInfoAligned + SkbConstants.SkBuffStructAligned;

    // napi_build_skb(va, MLX5_SKB_FRAG_SZ(64 + cqe_bcnt)): the data area ends at SKB_DATA_ALIGN(64 + cqe_bcnt).
    public override int RxTailroom(int frameLength)
    {
        int length = Math.Max(60, frameLength);
        return SkbConstants.DataAlign(SkbConstants.NetSkbPad + length) - SkbConstants.NetSkbPad - length;
    }

    public override string VectorName(string ifname, int queue) => $"mlx5_comp{queue}@pci:0000:01:00.0";

    public override string FormatDriverInfo() =>
        "driver: mlx5_core\nversion: 6.18.44\nfirmware-version: 16.35.2000 (MT_0000000012)\nexpansion-rom-version: \nbus-info: 0000:01:00.0\n" +
        "supports-statistics: yes\nsupports-test: yes\nsupports-eeprom-access: no\nsupports-register-dump: no\nsupports-priv-flags: yes\n";

    // The receive counters of mlx5e's sw, qcnt and channel groups, in their order. Checksums: the model's frames are
    // IPv4 and longer than 64 bytes get CHECKSUM_COMPLETE (mlx5e_handle_csum()); a bad one is still "complete" to the
    // NIC and fails in the stack.
    public override string FormatStats(DriverStats stats)
    {
        var sb = new StringBuilder("NIC statistics:\n");
        long packets = stats.QueuePackets.Sum();
        Line(sb, "rx_packets", packets);
        Line(sb, "rx_bytes", stats.QueueBytes.Sum());
        Line(sb, "rx_csum_unnecessary", 0);
        Line(sb, "rx_csum_none", 0);
        Line(sb, "rx_csum_complete", packets);
        Line(sb, "rx_xdp_drop", 0);
        Line(sb, "rx_wqe_err", 0);
        Line(sb, "rx_buff_alloc_err", 0);
        Line(sb, "rx_out_of_buffer", stats.Missed);
        for (int q = 0; q < stats.QueuePackets.Count; q++)
        {
            Line(sb, $"rx{q}_packets", stats.QueuePackets[q]);
            Line(sb, $"rx{q}_bytes", stats.QueueBytes[q]);
            Line(sb, $"rx{q}_csum_complete", stats.QueuePackets[q]);
        }

        return sb.ToString();
    }
}
