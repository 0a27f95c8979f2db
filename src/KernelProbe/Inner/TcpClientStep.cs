using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ActorStack.KernelProbe;

/// <summary>
/// tcp-client: connects and writes --write bytes per send() for --duration-ms. Sends block while the peer's window
/// is closed; a short SO_SNDTIMEO lets the loop notice its deadline. A reset from the server closing with unread data
/// ends the loop and is reported, not treated as a failure.
/// </summary>
internal static class TcpClientStep
{
    public static void Run(InnerArgs args)
    {
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(new IPEndPoint(IPAddress.Parse(args.String("dest")), args.Int("port")));
        client.SendTimeout = 100;
        byte[] chunk = new byte[args.Int("write")];
        int durationMs = args.Int("duration-ms");
        long start = Stopwatch.GetTimestamp();
        long written = 0;
        string? error = null;
        while (Stopwatch.GetElapsedTime(start).TotalMilliseconds < durationMs)
        {
            try
            {
                written += client.Send(chunk);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
            {
                continue;
            }
            catch (SocketException e)
            {
                error = e.SocketErrorCode.ToString();
                break;
            }
        }

        TcpInfo info = TcpInfo.Read(client);
        InnerOutput.Send(new TcpClientResult
        {
            BytesWritten = written,
            SndMss = info.SndMss,
            DataSegsOut = info.DataSegsOut,
            TotalRetrans = info.TotalRetrans,
            Error = error,
        });
    }
}
