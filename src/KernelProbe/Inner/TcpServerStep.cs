using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ActorStack.KernelProbe;

/// <summary>
/// tcp-server: the slow reader. SO_RCVBUF is set on the listening socket before listen(), because the accepted socket
/// is cloned from the listener (sk_clone_lock() copies sk_rcvbuf and SOCK_RCVBUF_LOCK) and the window it offers in
/// its SYN-ACK is chosen from it (tcp_select_initial_window()); setting it after accept() would be too late. Then it
/// reads --read bytes, sleeps --sleep-ms, and repeats for --duration-ms, while a second thread samples Recv-Q
/// (FIONREAD) and SO_MEMINFO every --sample-ms.
/// </summary>
internal static class TcpServerStep
{
    private static readonly TimeSpan AcceptTimeout = TimeSpan.FromSeconds(10);

    public static void Run(InnerArgs args)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.ReceiveBufferSize = args.Int("rcvbuf");
        listener.Bind(new IPEndPoint(IPAddress.Parse(args.String("bind")), args.Int("port")));
        listener.Listen(1);
        InnerOutput.Send(new TcpServerReady { ListenSkRcvbuf = listener.ReceiveBufferSize });

        if (!listener.Poll(AcceptTimeout, SelectMode.SelectRead))
        {
            throw new InvalidOperationException($"no connection within {AcceptTimeout.TotalSeconds} s");
        }

        using Socket connection = listener.Accept();
        long start = Stopwatch.GetTimestamp();
        var sampler = new RecvQSampler(connection, start, args.Int("sample-ms"));
        long bytesRead = ReadSlowly(connection, start, args.Int("read"), args.Int("sleep-ms"), args.Int("duration-ms"));
        List<RecvQSample> samples = sampler.Stop();
        TcpInfo info = TcpInfo.Read(connection);

        InnerOutput.Send(new TcpServerResult
        {
            AcceptedSkRcvbuf = connection.ReceiveBufferSize,
            BytesRead = bytesRead,
            RcvMss = info.RcvMss,
            DataSegsIn = info.DataSegsIn,
            BytesReceived = info.BytesReceived,
            Samples = samples,
        });
    }

    private static long ReadSlowly(Socket connection, long start, int readSize, int sleepMs, int durationMs)
    {
        // A timeout keeps a stalled peer from holding the loop past its deadline.
        connection.ReceiveTimeout = 500;
        byte[] buffer = new byte[readSize];
        long bytes = 0;
        while (Stopwatch.GetElapsedTime(start).TotalMilliseconds < durationMs)
        {
            try
            {
                int n = connection.Receive(buffer);
                if (n == 0)
                {
                    break;
                }

                bytes += n;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
            {
                continue;
            }

            Thread.Sleep(sleepMs);
        }

        return bytes;
    }
}
