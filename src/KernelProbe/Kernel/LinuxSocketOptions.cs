namespace ActorStack.KernelProbe;

/// <summary>
/// Linux's numbers for the raw socket options the BCL has no names for. Socket.Get/SetRawSocketOption pass level and
/// name to the kernel untranslated, and SocketOptionLevel.Socket is Windows' 0xFFFF, not Linux's SOL_SOCKET.
/// </summary>
internal static class LinuxSocketOptions
{
    public const int SolSocket = 1;
    public const int IpprotoTcp = 6;

    /// <summary>SO_RCVBUFFORCE: like SO_RCVBUF but past net.core.rmem_max (needs CAP_NET_ADMIN).</summary>
    public const int SoRcvbufForce = 33;

    /// <summary>SO_MEMINFO: sk_get_meminfo()'s array.</summary>
    public const int SoMemInfo = 55;

    /// <summary>TCP_INFO: struct tcp_info.</summary>
    public const int TcpInfo = 11;
}
