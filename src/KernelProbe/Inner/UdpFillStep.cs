using System.Net;
using System.Net.Sockets;

namespace ActorStack.KernelProbe;

/// <summary>
/// udp-fill, inside a namespace with lo up: for each SO_RCVBUF × payload, a receiver on 127.0.0.1 that is not read
/// while a second socket sends --count datagrams, then the queue measured three ways: /proc/net/udp rx_queue (bytes
/// charged), the Udp MIB deltas, and the datagrams actually drained. Writes one JSON line: the list of cases.
/// </summary>
internal static class UdpFillStep
{
    /// <summary>Long enough for the loopback softirq to finish; loopback_xmit() → __netif_rx() queues each datagram
    /// on this CPU's backlog and process_backlog() runs at the next local_bh_enable(), so it is normally done already.</summary>
    private const int SettleMs = 20;

    public static void Run(InnerArgs args)
    {
        int count = args.Int("count");
        IReadOnlyList<int?> rcvbufs = args.OptionalInts("rcvbufs");
        IReadOnlyList<int?> payloads = args.OptionalInts("payloads");
        var cases = new List<UdpFillCase>();
        foreach (int? rcvbuf in rcvbufs)
        {
            foreach (int? payload in payloads)
            {
                cases.Add(Fill(rcvbuf, payload ?? throw new ArgumentException("a payload cannot be unset"), count));
            }
        }

        InnerOutput.Send(cases);
    }

    private static UdpFillCase Fill(int? rcvbuf, int payload, int count)
    {
        using var receiver = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        if (rcvbuf is { } bytes)
        {
            receiver.ReceiveBufferSize = bytes;
        }

        receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        int port = ((IPEndPoint)receiver.LocalEndPoint!).Port;
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        SocketAddress destination = new IPEndPoint(IPAddress.Loopback, port).Serialize();
        byte[] datagram = new byte[payload];

        SnmpSnapshot before = SnmpSnapshot.ReadSelf();
        (int sent, int errors) = UdpSendLoop.Send(sender, datagram, destination, count);
        Thread.Sleep(SettleMs);
        SnmpSnapshot filled = SnmpSnapshot.ReadSelf();
        (long RxQueue, long Drops)? line = ProcNetUdp.Find(port);
        int queued = Drain(receiver, payload);
        SnmpSnapshot drained = SnmpSnapshot.ReadSelf();

        return new UdpFillCase
        {
            RcvbufRequested = rcvbuf,
            SkRcvbuf = receiver.ReceiveBufferSize,
            Payload = payload,
            Sent = sent,
            SendErrors = errors,
            RxQueueBytes = line?.RxQueue,
            SocketDrops = line?.Drops,
            Queued = queued,
            Truesize = queued > 0 && line is { } l ? l.RxQueue / queued : null,
            RcvbufErrors = filled.Delta(before, "Udp", "RcvbufErrors"),
            InErrors = filled.Delta(before, "Udp", "InErrors"),
            InDatagrams = filled.Delta(before, "Udp", "InDatagrams"),
            InDatagramsAfterRead = drained.Delta(before, "Udp", "InDatagrams"),
        };
    }

    /// <summary>Reads until EAGAIN and returns how many datagrams there were.</summary>
    public static int Drain(Socket receiver, int payload)
    {
        receiver.Blocking = false;
        byte[] buffer = new byte[Math.Max(payload, 1) + 1];
        int count = 0;
        while (true)
        {
            try
            {
                receiver.Receive(buffer);
                count++;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock)
            {
                return count;
            }
        }
    }
}
