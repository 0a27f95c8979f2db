using ActorStack.Softirq.Rps;

namespace ActorStack.Softirq;

/// <summary>
/// The core's view of a network device (struct net_device): name, address, and the counters the stack itself keeps.
/// </summary>
public sealed class NetDeviceCore
{
    private long _rxDropped;
    private long _rxOtherhostDropped;
    private long _peerTxDropped;

    /// <summary>Creates a device view.</summary>
    public NetDeviceCore(string name, int ifindex, byte[] macAddress)
    {
        Name = name;
        IfIndex = ifindex;
        MacAddress = macAddress.Length == 6 ? macAddress : throw new ArgumentException("A MAC address has 6 bytes.", nameof(macAddress));
    }

    /// <summary>IFF_LOOPBACK: the loopback device (ICMP errors about packets that arrived on it are not rate limited).</summary>
    public bool IsLoopback { get; init; }

    /// <summary>Interface name (eth0).</summary>
    public string Name { get; }

    /// <summary>ifindex.</summary>
    public int IfIndex { get; }

    /// <summary>dev->dev_addr.</summary>
    public byte[] MacAddress { get; }

    /// <summary>Core rx_dropped: backlog drops, no protocol handler.</summary>
    public long RxDropped => Interlocked.Read(ref _rxDropped);

    /// <summary>rx_otherhost_dropped: PACKET_OTHERHOST frames dropped by ip_rcv.</summary>
    public long RxOtherhostDropped => Interlocked.Read(ref _rxOtherhostDropped);

    /// <summary>
    /// TX dropped of the device that handed skbs to this one (veth: the peer's veth_xmit counts a skb __netif_rx
    /// refused; ip -s link shows it on the sending side).
    /// </summary>
    public long PeerTxDropped => Interlocked.Read(ref _peerTxDropped);

    /// <summary>Counts a skb the sending side could not hand over.</summary>
    public void IncPeerTxDropped() => Interlocked.Increment(ref _peerTxDropped);

    /// <summary>Per RX queue RPS/RFS settings (dev->_rx[i]); empty when none are configured.</summary>
    public IReadOnlyList<RxQueueSteering> RxQueueSteering { get; set; } = [];

    /// <summary>The steering settings of RX queue <paramref name="queue"/>, or null.</summary>
    public RxQueueSteering? Steering(int queue) => queue >= 0 && queue < RxQueueSteering.Count ? RxQueueSteering[queue] : null;

    /// <summary>dev_core_stats_rx_dropped_inc().</summary>
    public void IncRxDropped() => Interlocked.Increment(ref _rxDropped);

    /// <summary>dev_core_stats_rx_otherhost_dropped_inc().</summary>
    public void IncRxOtherhostDropped() => Interlocked.Increment(ref _rxOtherhostDropped);
}
