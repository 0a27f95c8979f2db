using System.Diagnostics;
using System.Net.Sockets;

namespace ActorStack.KernelProbe;

/// <summary>
/// Samples a socket's receive side on its own thread at a fixed period: FIONREAD (Socket.Available: the unread
/// in-order bytes, tcp_inq()) and SO_MEMINFO (truesize charged, sk_rcvbuf, drops). Both are plain getsockopt/ioctl
/// reads, safe alongside the reader thread's recv().
/// </summary>
internal sealed class RecvQSampler
{
    private readonly Socket _socket;
    private readonly long _start;
    private readonly int _periodMs;
    private readonly List<RecvQSample> _samples = [];
    private readonly Thread _thread;
    private volatile bool _stop;

    public RecvQSampler(Socket socket, long start, int periodMs)
    {
        _socket = socket;
        _start = start;
        _periodMs = periodMs;
        _thread = new Thread(Loop) { IsBackground = true, Name = "recvq-sampler" };
        _thread.Start();
    }

    /// <summary>Stops sampling and returns the samples.</summary>
    public List<RecvQSample> Stop()
    {
        _stop = true;
        _thread.Join();
        return _samples;
    }

    private void Loop()
    {
        for (int k = 0; !_stop; k++)
        {
            // Sleep to the k-th tick rather than a fixed period after each sample, so the samples do not drift.
            double wait = (k * _periodMs) - Stopwatch.GetElapsedTime(_start).TotalMilliseconds;
            if (wait > 0)
            {
                Thread.Sleep(TimeSpan.FromMilliseconds(wait));
            }

            if (_stop)
            {
                break;
            }

            SocketMemInfo memory = SocketMemInfo.Read(_socket);
            _samples.Add(new RecvQSample
            {
                TMs = (long)Stopwatch.GetElapsedTime(_start).TotalMilliseconds,
                RecvQ = _socket.Available,
                RmemAlloc = memory.RmemAlloc,
                Rcvbuf = memory.Rcvbuf,
                Drops = memory.Drops,
            });
        }
    }
}
