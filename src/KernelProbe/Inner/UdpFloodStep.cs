using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ActorStack.KernelProbe;

/// <summary>
/// udp-flood: pins its thread to --cpu and sends --count datagrams with blocking sendto() in a tight loop, counting
/// errors by kind. A full backlog does not surface here by default: veth_xmit() returns NET_XMIT_DROP, ip_send_skb()
/// counts OutDiscards and udp_send_skb() turns the -ENOBUFS into SndbufErrors and a successful send.
/// </summary>
internal static class UdpFloodStep
{
    public static void Run(InnerArgs args)
    {
        int count = args.Int("count");
        byte[] datagram = new byte[args.Int("payload")];
        SocketAddress destination = new IPEndPoint(IPAddress.Parse(args.String("dest")), args.Int("port")).Serialize();
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        int cpu = CpuPinning.PinCurrentThread(args.Int("cpu"));

        // The first send JIT-compiles the loop's callees and creates the route cache entry; keep it out of the timing
        // but not out of the count.
        var errorsByKind = new Dictionary<string, int>();
        int sent = UdpSendLoop.Send(sender, datagram, destination, 1, errorsByKind).Sent;
        long start = Stopwatch.GetTimestamp();
        sent += UdpSendLoop.Send(sender, datagram, destination, count - 1, errorsByKind).Sent;
        long micros = (long)Stopwatch.GetElapsedTime(start).TotalMicroseconds;

        InnerOutput.Send(new UdpFloodResult
        {
            Sent = sent,
            SendErrors = errorsByKind.Values.Sum(),
            SendErrorsByKind = errorsByKind,
            SendMicros = micros,
            Cpu = cpu,
        });
    }
}
