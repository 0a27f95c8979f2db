using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ActorStack.KernelProbe;

/// <summary>
/// udp-burst: --count datagrams of --payload bytes to --dest:--port as fast as a blocking sendto() loop goes. The
/// socket stays unconnected, so __udp4_lib_err() ignores the port-unreachables that come back (only a connected or
/// IP_RECVERR socket gets ECONNREFUSED) and the burst is not cut short by its own ICMP.
/// </summary>
internal static class UdpBurstStep
{
    private const int SettleMs = 20;

    public static void Run(InnerArgs args)
    {
        int count = args.Int("count");
        byte[] datagram = new byte[args.Int("payload")];
        SocketAddress destination = new IPEndPoint(IPAddress.Parse(args.String("dest")), args.Int("port")).Serialize();
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        long start = Stopwatch.GetTimestamp();
        var (sent, errors) = UdpSendLoop.Send(sender, datagram, destination, count);
        long micros = (long)Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        Thread.Sleep(SettleMs);
        InnerOutput.Send(new UdpBurstResult { Sent = sent, SendErrors = errors, BurstMicros = micros });
    }
}
