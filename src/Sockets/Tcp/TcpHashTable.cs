using System.Collections.Concurrent;
using ActorStack.Engine;

namespace ActorStack.Sockets.Tcp;

/// <summary>
/// inet_hashinfo for TCP: the established hash (full sockets and request sockets in NEW_SYN_RECV, by 4-tuple) and
/// the listening hash (by local address and port, INADDR_ANY matching every local address). Softirq on every CPU
/// looks up while listeners insert children, so both are concurrent dictionaries (lock-free reads, like RCU).
/// </summary>
public sealed class TcpHashTable
{
    private readonly ConcurrentDictionary<FourTuple, TcpSocketRef> _established = new();
    private readonly ConcurrentDictionary<Endpoint, TcpSocketRef> _listeners = new();

    /// <summary>Established and request sockets now hashed.</summary>
    public int EstablishedCount => _established.Count;

    /// <summary>Every hashed socket: listeners first, then established ones (for ss).</summary>
    public IEnumerable<TcpSockInfo> All =>
        _listeners.Values.Select(r => r.Info).Concat(_established.Values.Where(r => !r.IsRequest).Select(r => r.Info));

    /// <summary>inet_csk_listen_start(): hashes a listener; false if the address is in use.</summary>
    public bool Listen(Endpoint local, TcpSocketRef listener) => _listeners.TryAdd(local, listener);

    /// <summary>inet_ehash_insert().</summary>
    public void Insert(FourTuple tuple, TcpSocketRef socket) => _established[tuple] = socket;

    /// <summary>inet_unhash() of an established or request socket.</summary>
    public void Remove(FourTuple tuple) => _established.TryRemove(tuple, out _);

    /// <summary>__inet_lookup_established().</summary>
    public TcpSocketRef? LookupEstablished(in FourTuple tuple) => _established.TryGetValue(tuple, out var s) ? s : null;

    /// <summary>__inet_lookup_listener(): exact local address first, then INADDR_ANY.</summary>
    public TcpSocketRef? LookupListener(uint address, ushort port) =>
        _listeners.TryGetValue(new Endpoint(address, port), out var s) ? s
        : _listeners.TryGetValue(new Endpoint(Endpoint.Any, port), out s) ? s : null;
}

/// <summary>A hashed socket: the actor to tell, and its readable state.</summary>
/// <param name="Actor">The socket actor (for a request socket: its listener).</param>
/// <param name="Info">Published state (for a request socket: the listener's).</param>
/// <param name="IsRequest">A request socket (NEW_SYN_RECV) standing for a handshake in progress.</param>
public sealed record TcpSocketRef(ITell<TcpSegmentIn> Actor, TcpSockInfo Info, bool IsRequest = false);
