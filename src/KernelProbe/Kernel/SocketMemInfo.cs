using System.Runtime.InteropServices;
using System.Net.Sockets;

namespace ActorStack.KernelProbe;

/// <summary>
/// getsockopt(SOL_SOCKET, SO_MEMINFO): the u32 array sk_get_meminfo() fills, the numbers <c>ss -m</c> prints as
/// skmem (r = rmem_alloc, rb = rcvbuf, d = drops).
/// </summary>
internal sealed record SocketMemInfo(long RmemAlloc, long Rcvbuf, long Drops)
{
    private const int RmemAllocIndex = 0;
    private const int RcvbufIndex = 1;
    private const int DropsIndex = 8;

    /// <summary>Reads SO_MEMINFO of <paramref name="socket"/>.</summary>
    public static SocketMemInfo Read(Socket socket)
    {
        Span<byte> buffer = stackalloc byte[64];
        int length = socket.GetRawSocketOption(LinuxSocketOptions.SolSocket, LinuxSocketOptions.SoMemInfo, buffer);
        return new SocketMemInfo(At(buffer, length, RmemAllocIndex), At(buffer, length, RcvbufIndex),
            At(buffer, length, DropsIndex));
    }

    private static long At(ReadOnlySpan<byte> buffer, int length, int index) =>
        (index + 1) * 4 <= length ? MemoryMarshal.Read<uint>(buffer[(index * 4)..]) : 0;
}
