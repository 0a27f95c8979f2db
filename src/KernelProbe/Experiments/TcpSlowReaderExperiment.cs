using System.Globalization;

namespace ActorStack.KernelProbe;

/// <summary>
/// tcp-slow-reader: a client in A writes as fast as it can to a server in B that has a 4 KiB SO_RCVBUF and reads
/// 512 bytes every 10 ms. veth0's gso_max_segs is set to 1 so that every skb carries one MSS (sk_setup_caps() copies
/// it into sk_gso_max_segs, and tcp_tso_segs() never builds a bigger one): the receiver then sees the same 1448-byte
/// segments the model's wire delivers, and the server's TCP_INFO (rcv_mss, bytes / data_segs_in) shows it did.
/// </summary>
internal static class TcpSlowReaderExperiment
{
    public const string Name = "tcp-slow-reader";

    private const int Port = 5201;
    private const int Mtu = 1500;
    private const int ListenRcvbuf = 4096;
    private const int ReadSize = 512;
    private const int ReadSleepMs = 10;
    private const int WriteSize = 1448;
    private const int SampleMs = 100;

    private static readonly string[] Counters =
    [
        "PruneCalled", "RcvPruned", "OfoPruned", "TCPRcvCollapsed", "TCPRcvQDrop", "TCPRcvCoalesce",
        "TCPBacklogCoalesce", "TCPBacklogDrop", "TCPZeroWindowDrop", "TCPToZeroWindowAdv", "TCPFromZeroWindowAdv",
        "TCPWantZeroWindowAdv", "DelayedACKs", "TCPHPHits", "TCPOFOQueue", "TCPOFODrop",
    ];

    public static TcpSlowReaderReport Run(Sandbox sandbox, ProbeSettings settings)
    {
        Log.Info($"{Name}: {settings.TcpDurationMs} ms");
        VethPair pair = VethPair.Create(sandbox, "tcp", "10.203.0", Mtu);
        try
        {
            IpTool.Run("-n", pair.A, "link", "set", "dev", VethPair.DeviceA, "gso_max_segs", "1");
            using InnerProcess server = InnerProcess.Start(sandbox, pair.B, "tcp-server",
                "--bind", pair.AddressB, "--port", Text(Port), "--rcvbuf", Text(ListenRcvbuf), "--read", Text(ReadSize),
                "--sleep-ms", Text(ReadSleepMs), "--duration-ms", Text(settings.TcpDurationMs),
                "--sample-ms", Text(SampleMs));
            _ = server.Read<TcpServerReady>();

            SnmpSnapshot before = SnmpSnapshot.ReadIn(pair.B);
            TcpClientResult client = InnerProcess.Run<TcpClientResult>(sandbox, pair.A, "tcp-client",
                "--dest", pair.AddressB, "--port", Text(Port), "--write", Text(WriteSize),
                "--duration-ms", Text(settings.TcpDurationMs));
            TcpServerResult result = server.Finish<TcpServerResult>();
            SnmpSnapshot after = SnmpSnapshot.ReadIn(pair.B);

            IReadOnlyList<RecvQSample> samples = result.Samples;
            return new TcpSlowReaderReport
            {
                DurationMs = settings.TcpDurationMs,
                Mtu = Mtu,
                SegmentationSetting = $"ip link set dev {VethPair.DeviceA} gso_max_segs 1",
                ListenRcvbufRequested = ListenRcvbuf,
                AcceptedSkRcvbuf = result.AcceptedSkRcvbuf,
                ReadSize = ReadSize,
                ReadSleepMs = ReadSleepMs,
                WriteSize = WriteSize,
                ClientBytesWritten = client.BytesWritten,
                BytesRead = result.BytesRead,
                ClientSndMss = client.SndMss,
                ClientDataSegsOut = client.DataSegsOut,
                ClientTotalRetrans = client.TotalRetrans,
                ServerRcvMss = result.RcvMss,
                ServerDataSegsIn = result.DataSegsIn,
                ServerBytesReceived = result.BytesReceived,
                MeanDataSegmentBytes = result.DataSegsIn > 0
                    ? Math.Round((double)result.BytesReceived / result.DataSegsIn, 1)
                    : null,
                InSegs = after.Delta(before, "Tcp", "InSegs"),
                OutSegs = after.Delta(before, "Tcp", "OutSegs"),
                TcpExt = Counters.ToDictionary(name => name, name => after.Delta(before, "TcpExt", name)),
                RecvQMin = samples.Count > 0 ? samples.Min(s => s.RecvQ) : 0,
                RecvQMean = samples.Count > 0 ? Math.Round(samples.Average(s => s.RecvQ), 1) : 0,
                RecvQMax = samples.Count > 0 ? samples.Max(s => s.RecvQ) : 0,
                Samples = samples,
                SampleIntervalMs = SampleMs,
            };
        }
        finally
        {
            pair.Delete(sandbox);
        }
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
