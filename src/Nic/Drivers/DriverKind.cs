namespace ActorStack.Nic.Drivers;

/// <summary>driver.kind: which driver receives the traffic, and so how its skbs are built and which path they take.</summary>
public enum DriverKind
{
    /// <summary>Intel 82599 (ixgbe): half-page receive buffers, build_skb, MSI-X per queue, NAPI.</summary>
    Ixgbe,

    /// <summary>Mellanox ConnectX (mlx5_core): striding RQ, a linear skb built on each packet's 2 KiB stride, NAPI.</summary>
    Mlx5,

    /// <summary>virtio_net with mergeable receive buffers: page-fragment buffers sized by an EWMA, NAPI.</summary>
    VirtioNet,

    /// <summary>veth: the peer's veth_xmit hands the sender's skb to netif_rx on the sending CPU (no NAPI, no IRQ).</summary>
    Veth,

    /// <summary>loopback: loopback_xmit hands the sender's skb to netif_rx on the sending CPU (no NIC).</summary>
    Loopback,
}
