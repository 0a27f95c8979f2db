using System.Text;

namespace ActorStack.Nic.Drivers;

/// <summary>
/// ixgbe: each descriptor holds half a 4 KiB page; ixgbe_build_skb() wraps it, so every frame up to ~1.5 KB costs
/// the same truesize, ixgbe_rx_frame_truesize() = 2048, plus the sk_buff: 2304.
/// </summary>
internal sealed class IxgbeProfile : DriverProfile
{
    public static readonly IxgbeProfile Instance = new();

    public override DriverKind Kind => DriverKind.Ixgbe;

    public override string Name => "ixgbe";

    public override int RxTruesize(int frameLength) => Softirq.Skb.SkbConstants.BuildSkbTruesize(2048);

    // Half a page: 2048 − skb_shared_info (320) − IXGBE_SKB_PAD (192) = 1536 bytes for the frame and its tailroom.
    public override int RxTailroom(int frameLength) => 1536 - frameLength;

    public override string FormatDriverInfo() =>
        "driver: ixgbe\nversion: 6.18.44\nfirmware-version: 0x800003e2\nexpansion-rom-version: \nbus-info: 0000:01:00.0\n" +
        "supports-statistics: yes\nsupports-test: yes\nsupports-eeprom-access: yes\nsupports-register-dump: yes\nsupports-priv-flags: yes\n";

    public override string FormatStats(DriverStats stats)
    {
        var sb = new StringBuilder("NIC statistics:\n");
        Line(sb, "rx_packets", stats.QueuePackets.Sum());
        Line(sb, "rx_bytes", stats.QueueBytes.Sum());
        Line(sb, "rx_dropped", stats.RxDropped);
        Line(sb, "rx_missed_errors", stats.Missed);
        // RNBC is read only on 82598 (ixgbe_update_stats()); on 82599 and later this stays 0 (kernel-reference 17.1).
        Line(sb, "rx_no_buffer_count", 0);
        Line(sb, "rx_csum_offload_errors", stats.ChecksumErrors);
        for (int q = 0; q < stats.QueuePackets.Count; q++)
        {
            Line(sb, $"rx_queue_{q}_packets", stats.QueuePackets[q]);
            Line(sb, $"rx_queue_{q}_bytes", stats.QueueBytes[q]);
        }

        return sb.ToString();
    }
}
