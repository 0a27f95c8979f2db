namespace ActorStack.Sockets.Tcp;

/// <summary>A connection as the host sees it: local address and port, remote address and port (host order).</summary>
public readonly record struct FourTuple(uint LocalAddress, ushort LocalPort, uint RemoteAddress, ushort RemotePort)
{
    /// <summary>The local side.</summary>
    public Endpoint Local => new(LocalAddress, LocalPort);

    /// <summary>The remote side.</summary>
    public Endpoint Remote => new(RemoteAddress, RemotePort);

    /// <inheritdoc />
    public override string ToString() => $"{Local}<-{Remote}";
}
