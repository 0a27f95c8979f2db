namespace ActorStack.Protocols;

/// <summary>The local routing table's RTN_LOCAL entries: addresses this host owns.</summary>
public sealed class LocalAddresses
{
    private readonly HashSet<uint> _addresses;

    /// <summary>Creates the table; 127.0.0.1 is always local.</summary>
    public LocalAddresses(IEnumerable<uint> addresses)
    {
        _addresses = new HashSet<uint>(addresses) { 0x7f000001 };
    }

    /// <summary>True if <paramref name="address"/> routes to local delivery.</summary>
    public bool IsLocal(uint address) => _addresses.Contains(address);

    /// <summary>The addresses.</summary>
    public IReadOnlyCollection<uint> All => _addresses;
}
