using System.Net;
using System.Net.Sockets;

namespace ActorStack.KernelProbe;

/// <summary>
/// udp-sink: a receiver whose buffer is forced large (SO_RCVBUFFORCE ignores net.core.rmem_max) so that it never
/// drops; it is not read until the probe writes a line on stdin, then drained. Lines out: ready, then the count.
/// </summary>
internal static class UdpSinkStep
{
    public static void Run(InnerArgs args)
    {
        using var receiver = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        receiver.SetRawSocketOption(LinuxSocketOptions.SolSocket, LinuxSocketOptions.SoRcvbufForce,
            BitConverter.GetBytes(args.Int("rcvbuf-force")));
        receiver.Bind(new IPEndPoint(IPAddress.Parse(args.String("bind")), args.Int("port")));
        InnerOutput.Send(new SinkReady { SkRcvbuf = receiver.ReceiveBufferSize });

        _ = Console.In.ReadLine();
        InnerOutput.Send(new SinkResult { Drained = UdpFillStep.Drain(receiver, args.Int("payload")) });
    }
}
