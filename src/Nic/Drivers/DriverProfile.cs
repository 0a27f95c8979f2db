using ActorStack.Softirq;
using ActorStack.Softirq.Skb;

namespace ActorStack.Nic.Drivers;

/// <summary>
/// What a driver changes in the receive path: the interface it brings up, how it allocates the skb a frame lands in
/// (and so its truesize), which path the skb takes to the stack, and the names it gives its counters (ethtool -i, -S).
/// </summary>
/// <remarks>Kernel facts and citations: kernel-reference section 17 (driver profiles).</remarks>
public abstract class DriverProfile
{
    /// <summary>The profile of <paramref name="kind"/>.</summary>
    public static DriverProfile Of(DriverKind kind) => kind switch
    {
        DriverKind.Ixgbe => IxgbeProfile.Instance,
        DriverKind.Mlx5 => Mlx5Profile.Instance,
        DriverKind.VirtioNet => VirtioNetProfile.Instance,
        DriverKind.Veth => VethProfile.Instance,
        DriverKind.Loopback => LoopbackProfile.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The kind.</summary>
    public abstract DriverKind Kind { get; }

    /// <summary>The knob value (driver.kind) and the driver's own name in ethtool -i.</summary>
    public abstract string Name { get; }

    /// <summary>The interface the scenario receives on (eth0, veth1, lo).</summary>
    public virtual string InterfaceName => "eth0";

    /// <summary>
    /// True for a software device (veth, loopback): no ring, no interrupt; the sender's own CPU hands each skb to
    /// netif_rx() and runs the receive softirq when it re-enables bottom halves.
    /// </summary>
    public virtual bool SenderCpuReceives => false;

    /// <summary>skb->truesize of a received frame of <paramref name="frameLength"/> bytes (Ethernet header included).</summary>
    public abstract int RxTruesize(int frameLength);

    /// <summary>
    /// Sets what the driver's allocation makes of a received frame's skb: its truesize, and how its data could be
    /// coalesced into another skb. By default the frame sits in a page-fragment head (build_skb), which
    /// skb_try_coalesce() steals as one fragment, charging truesize minus the sk_buff.
    /// </summary>
    public virtual void SetRxSkb(SkBuff skb, int frameLength)
    {
        ArgumentNullException.ThrowIfNull(skb);
        skb.Truesize = RxTruesize(frameLength);
        skb.CoalesceTruesize = skb.Truesize - SkbConstants.SkBuffStructAligned;
        skb.CoalesceFrags = 1;
        skb.CoalesceTailroom = Math.Max(0, RxTailroom(frameLength));
    }

    /// <summary>skb_tailroom() of a received frame's skb as the driver built it.</summary>
    public abstract int RxTailroom(int frameLength);

    /// <summary>ethtool -i, verbatim (or its error for a device without driver info).</summary>
    public abstract string FormatDriverInfo();

    /// <summary>ethtool -S, in the driver's names and order.</summary>
    public abstract string FormatStats(DriverStats stats);

    /// <summary>The /proc/interrupts label of queue <paramref name="queue"/>'s vector; null when the device has none.</summary>
    public virtual string? IrqLabel(string ifname, int queue) => $"IR-PCI-MSIX-0000:01:00.0 {queue + 1}-edge      {VectorName(ifname, queue)}";

    /// <summary>The per-queue vector name (the action name in /proc/interrupts).</summary>
    public virtual string VectorName(string ifname, int queue) => $"{ifname}-TxRx-{queue}";

    /// <summary>truesize of the skb a local sender allocates for a UDP datagram (loopback and veth pass it on unchanged).</summary>
    /// <remarks>
    /// __ip_append_data() → sock_alloc_send_skb(hh_len + fragheaderlen + transhdrlen + payload + 15): hh_len is
    /// LL_RESERVED_SPACE = 16 for a 14-byte header, fragheaderlen 20, transhdrlen 8 (kernel-reference sections 11, 17).
    /// </remarks>
    public static int LocalUdpTruesize(int frameLength)
    {
        int payload = Math.Max(0, frameLength - 42);
        return SkbConstants.AllocSkbTruesize(16 + 20 + 8 + payload + 15);
    }

    /// <summary>One ethtool -S line.</summary>
    protected static void Line(System.Text.StringBuilder sb, string name, long value) =>
        sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"     {name}: {value}\n");
}
