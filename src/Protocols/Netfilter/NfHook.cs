namespace ActorStack.Protocols.Netfilter;

/// <summary>The IPv4 netfilter hooks on the receive path, with their iptables chain names.</summary>
public enum NfHook
{
    /// <summary>NF_INET_PRE_ROUTING (chain PREROUTING): after ip_rcv_core, before the route lookup.</summary>
    PreRouting,

    /// <summary>NF_INET_LOCAL_IN (chain INPUT): in ip_local_deliver, for packets to this host.</summary>
    LocalIn,

    /// <summary>NF_INET_FORWARD (chain FORWARD): in ip_forward, for packets routed through.</summary>
    Forward,
}
