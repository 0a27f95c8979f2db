using System.Text;
using ActorStack.Softirq.Skb;

namespace ActorStack.Nic.Drivers;

/// <summary>
/// virtio_net with mergeable receive buffers: page-fragment buffers of ~1.5 KB (sized by an EWMA of packet lengths)
/// wrapped by build_skb, so every frame costs the buffer's truesize.
/// </summary>
internal sealed class VirtioNetProfile : DriverProfile
{
    public static readonly VirtioNetProfile Instance = new();

    public override DriverKind Kind => DriverKind.VirtioNet;

    public override string Name => "virtio_net";

    public override int RxTruesize(int frameLength) => 1536 + SkbConstants.SkBuffStructAligned;

    public override string VectorName(string ifname, int queue) => $"virtio0-input.{queue}";

    public override string? IrqLabel(string ifname, int queue) => $"PCI-MSIX-0000:00:03.0 {2 * queue + 1}-edge      {VectorName(ifname, queue)}";

    public override string FormatDriverInfo() =>
        "driver: virtio_net\nversion: 1.0.0\nfirmware-version: \nexpansion-rom-version: \nbus-info: 0000:00:03.0\n" +
        "supports-statistics: yes\nsupports-test: no\nsupports-eeprom-access: no\nsupports-register-dump: no\nsupports-priv-flags: no\n";

    public override string FormatStats(DriverStats stats)
    {
        var sb = new StringBuilder("NIC statistics:\n");
        for (int q = 0; q < stats.QueuePackets.Count; q++)
        {
            Line(sb, $"rx_queue_{q}_packets", stats.QueuePackets[q]);
            Line(sb, $"rx_queue_{q}_bytes", stats.QueueBytes[q]);
            Line(sb, $"rx_queue_{q}_drops", 0);
        }

        return sb.ToString();
    }
}
