using System.Text;
using ActorStack.Softirq.Skb;

namespace ActorStack.Nic.Drivers;

/// <summary>
/// virtio_net with mergeable receive buffers of ALIGN(12 + 1518, 64) = 1536 bytes (the EWMA of packet lengths only
/// grows them past 1518): receive_mergeable() → page_to_skb() copies a frame of up to GOOD_COPY_LEN (128) into a
/// napi_alloc_skb(128) head (832) and frees the buffer; up to 1204 bytes wraps the buffer with build_skb (1792);
/// longer frames get the 832 head plus the buffer as a fragment (2368). Measured on 6.18 (kernel-reference 17.3).
/// </summary>
internal sealed class VirtioNetProfile : DriverProfile
{
    public static readonly VirtioNetProfile Instance = new();

    public override DriverKind Kind => DriverKind.VirtioNet;

    public override string Name => "virtio_net";

    private const int BufferLength = 1536;
    private const int GoodCopyLength = 128;
    private const int BuildSkbLimit = BufferLength - 12 - SkbConstants.SharedInfoAligned;

    public override int RxTruesize(int frameLength) => frameLength switch
    {
        <= GoodCopyLength => SkbConstants.AllocSkbTruesize(GoodCopyLength + SkbConstants.NetSkbPad),
        <= BuildSkbLimit => BufferLength + SkbConstants.SkBuffStructAligned,
        _ => SkbConstants.AllocSkbTruesize(GoodCopyLength + SkbConstants.NetSkbPad) + BufferLength,
    };

    // A copied frame sits in a slab head (locked for skb_try_coalesce); a built one in a stealable page fragment;
    // a long one has its payload in the buffer fragment, which moves at the buffer's truesize.
    public override void SetRxSkb(SkBuff skb, int frameLength)
    {
        ArgumentNullException.ThrowIfNull(skb);
        skb.Truesize = RxTruesize(frameLength);
        switch (frameLength)
        {
            case <= GoodCopyLength:
                skb.CoalesceTruesize = 0;
                skb.CoalesceFrags = 0;
                break;
            case <= BuildSkbLimit:
                skb.CoalesceTruesize = skb.Truesize - SkbConstants.SkBuffStructAligned;
                skb.CoalesceFrags = 1;
                break;
            default:
                skb.CoalesceTruesize = BufferLength;
                skb.CoalesceFrags = 1;
                skb.PayloadInFrags = true;
                break;
        }

        skb.CoalesceTailroom = Math.Max(0, RxTailroom(frameLength));
    }

    // Copied: napi_alloc_skb(128) has 256 − NET_SKB_PAD bytes of room; built: the buffer minus skb_shared_info and the
    // 12-byte virtio header; longer frames are nonlinear (no tailroom).
    public override int RxTailroom(int frameLength) => frameLength switch
    {
        <= GoodCopyLength => SkbConstants.SmallHeadCacheSize - SkbConstants.SharedInfoAligned - SkbConstants.NetSkbPad - frameLength,
        <= BuildSkbLimit => BuildSkbLimit - frameLength,
        _ => 0,
    };

    public override string VectorName(string ifname, int queue) => $"virtio0-input.{queue}";

    public override string? IrqLabel(string ifname, int queue) => $"PCI-MSIX-0000:00:03.0 {2 * queue + 1}-edge      {VectorName(ifname, queue)}";

    public override string FormatDriverInfo() =>
        "driver: virtio_net\nversion: 1.0.0\nfirmware-version: \nexpansion-rom-version: \nbus-info: 0000:00:03.0\n" +
        "supports-statistics: yes\nsupports-test: no\nsupports-eeprom-access: no\nsupports-register-dump: no\nsupports-priv-flags: no\n";

    // 6.18: no packets or bytes here (they moved to netdev qstats, ip -s link); totals, then per queue.
    public override string FormatStats(DriverStats stats)
    {
        var sb = new StringBuilder("NIC statistics:\n");
        string[] rx = ["drops", "xdp_packets", "xdp_tx", "xdp_redirects", "xdp_drops", "kicks"];
        string[] tx = ["xdp_tx", "xdp_tx_drops", "kicks", "tx_timeouts"];
        foreach (var name in rx)
        {
            Line(sb, $"rx_{name}", 0);
        }

        foreach (var name in tx)
        {
            Line(sb, $"tx_{name}", 0);
        }

        for (int q = 0; q < stats.QueuePackets.Count; q++)
        {
            foreach (var name in rx)
            {
                Line(sb, $"rx{q}_{name}", 0);
            }

            foreach (var name in tx)
            {
                Line(sb, $"tx{q}_{name}", 0);
            }
        }

        return sb.ToString();
    }
}
