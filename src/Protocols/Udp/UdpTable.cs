using ActorStack.Engine;
using ActorStack.Sockets;

namespace ActorStack.Protocols.Udp;

/// <summary>
/// Bound UDP sockets. Lookup as __udp4_lib_lookup() does for unconnected sockets: the exact (daddr, dport) bind
/// first, then the wildcard (INADDR_ANY, dport). Sockets bound with SO_REUSEPORT to the same address form a group;
/// a datagram goes to the member reuseport_select_sock() picks: reciprocal_scale(udp_ehashfn(4-tuple), members), so
/// one flow always reaches the same socket. Bind before traffic starts: lookups run lock-free on every CPU.
/// </summary>
public sealed class UdpTable
{
    private readonly Dictionary<Endpoint, Group> _bound = new();

    /// <summary>
    /// The hash secret (udp_ehash_secret + net_hash_mix), random per boot in the kernel; fixed here so runs repeat.
    /// Which member a flow reaches depends on it, so it matches a real host only in distribution, not per flow.
    /// </summary>
    public uint HashSecret { get; init; }

    /// <summary>bind(): fails like EADDRINUSE if taken, unless both this socket and the group set SO_REUSEPORT.</summary>
    public void Bind(Endpoint local, ActorRef<IUdpSockMsg> socket, bool reusePort = false)
    {
        if (_bound.TryGetValue(local, out var group))
        {
            if (!reusePort || !group.ReusePort)
            {
                throw new InvalidOperationException($"bind {local}: Address already in use (EADDRINUSE).");
            }

            group.Members.Add(socket);
            return;
        }

        _bound[local] = new Group(reusePort, [socket]);
    }

    /// <summary>Sockets bound to exactly <paramref name="local"/> (a reuseport group has several).</summary>
    public int CountBound(Endpoint local) => _bound.TryGetValue(local, out var group) ? group.Members.Count : 0;

    /// <summary>The socket receiving a datagram from <paramref name="source"/> to <paramref name="destination"/>, or null.</summary>
    public ActorRef<IUdpSockMsg>? Lookup(Endpoint destination, Endpoint source = default)
    {
        if (!_bound.TryGetValue(destination, out var group) && !_bound.TryGetValue(destination with { Address = Endpoint.Any }, out group))
        {
            return null;
        }

        var members = group.Members;
        if (members.Count == 1)
        {
            return members[0];
        }

        // udp_ehashfn(): jhash_3words(laddr, faddr, lport << 16 | fport, secret); then reciprocal_scale().
        uint hash = Jhash.Words3(destination.Address, source.Address, ((uint)destination.Port << 16) | source.Port, HashSecret);
        return members[(int)(((ulong)hash * (uint)members.Count) >> 32)];
    }

    private sealed record Group(bool ReusePort, List<ActorRef<IUdpSockMsg>> Members);
}
