using System.Runtime.InteropServices;
using System.Net.Sockets;

namespace ActorStack.KernelProbe;

/// <summary>
/// The fields of getsockopt(TCP_INFO) (struct tcp_info, include/uapi/linux/tcp.h) the slow-reader experiment uses to
/// check segment sizes. Offsets are the uapi layout, stable since the fields were added; values are native-endian.
/// </summary>
internal sealed record TcpInfo(int SndMss, int RcvMss, long TotalRetrans, long BytesReceived, long DataSegsIn,
    long DataSegsOut)
{
    /// <summary>Reads TCP_INFO of <paramref name="socket"/>.</summary>
    public static TcpInfo Read(Socket socket)
    {
        Span<byte> buffer = stackalloc byte[256];
        int length = socket.GetRawSocketOption(LinuxSocketOptions.IpprotoTcp, LinuxSocketOptions.TcpInfo, buffer);
        if (length < 160)
        {
            throw new InvalidDataException($"TCP_INFO returned {length} bytes; this kernel is too old");
        }

        ReadOnlySpan<byte> info = buffer[..length];
        return new TcpInfo(
            SndMss: (int)U32(info, 16),
            RcvMss: (int)U32(info, 20),
            TotalRetrans: U32(info, 100),
            BytesReceived: (long)MemoryMarshal.Read<ulong>(info[128..]),
            DataSegsIn: U32(info, 152),
            DataSegsOut: U32(info, 156));
    }

    private static uint U32(ReadOnlySpan<byte> info, int offset) => MemoryMarshal.Read<uint>(info[offset..]);
}
