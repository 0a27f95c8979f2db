using ActorStack.Actors;
using ActorStack.Sockets;

namespace ActorStack.Protocols.Udp;

/// <summary>
/// Bound UDP sockets. Lookup as __udp4_lib_lookup() does for unconnected sockets: the exact (daddr, dport) bind
/// first, then the wildcard (INADDR_ANY, dport). Bind before traffic starts: lookups run lock-free on every CPU.
/// </summary>
public sealed class UdpTable
{
    private readonly Dictionary<Endpoint, ActorRef<SockMsg>> _bound = new();

    /// <summary>bind(): fails like EADDRINUSE if taken.</summary>
    public void Bind(Endpoint local, ActorRef<SockMsg> socket)
    {
        if (!_bound.TryAdd(local, socket))
        {
            throw new InvalidOperationException($"bind {local}: Address already in use (EADDRINUSE).");
        }
    }

    /// <summary>The socket receiving datagrams for <paramref name="destination"/>, or null.</summary>
    public ActorRef<SockMsg>? Lookup(Endpoint destination)
    {
        if (_bound.TryGetValue(destination, out var exact))
        {
            return exact;
        }

        return _bound.TryGetValue(destination with { Address = Endpoint.Any }, out var wildcard) ? wildcard : null;
    }
}
