using System.Diagnostics;
using System.Globalization;

namespace ActorStack.KernelProbe;

/// <summary>
/// veth-flood: a sender pinned to CPU 0 in A floods a never-read (but never-dropping) receiver in B. Without RPS each
/// datagram is queued on CPU 0's backlog by veth_xmit() → __netif_rx() → enqueue_to_backlog() and processed right
/// there at local_bh_enable(); with rps_cpus = 2 on veth1, get_rps_cpu() steers it to CPU 1's backlog and an IPI, so
/// the sender can outrun the receiving CPU and a short backlog (netdev_max_backlog, global) drops.
/// </summary>
internal static class VethFloodExperiment
{
    public const string Name = "veth-flood";

    private const string BacklogKey = "net.core.netdev_max_backlog";
    private const int Port = 5001;
    private const int Payload = 64;
    private const int SenderCpu = 0;

    /// <summary>Bitmask of CPU 1 for rps_cpus.</summary>
    private const string RpsMask = "2";

    /// <summary>SO_RCVBUFFORCE for the receiver (sk_rcvbuf is twice this): far more than the flood's truesize.</summary>
    private const int ReceiverBuffer = 64 << 20;

    /// <summary>Lets the RPS CPU empty its backlog before the counters are read.</summary>
    private const int SettleMs = 100;

    private static readonly FloodCase[] Cases =
    [
        new("no-rps", null, null),
        new("no-rps-backlog-10", 10, null),
        new("rps-cpu1-backlog-10", 10, RpsMask),
        new("rps-cpu1", null, RpsMask),
    ];

    public static VethFloodReport Run(Sandbox sandbox, ProbeSettings settings)
    {
        if (!GlobalSysctl.Exists(BacklogKey))
        {
            throw new InvalidOperationException(
                $"{BacklogKey} is not visible here: the probe must run in the initial network namespace");
        }

        if (Environment.ProcessorCount < 2)
        {
            throw new InvalidOperationException("the RPS cases steer to CPU 1 and need at least 2 CPUs");
        }

        int original = int.Parse(GlobalSysctl.Read(BacklogKey), CultureInfo.InvariantCulture);
        bool perNetns = false;
        var results = new List<VethFloodCase>();
        try
        {
            foreach (FloodCase floodCase in Cases)
            {
                Log.Info($"{Name}: {floodCase.Name}, {settings.FloodDatagrams} datagrams");
                results.Add(RunCase(sandbox, settings, floodCase, original, ref perNetns));
            }
        }
        finally
        {
            sandbox.RestoreGlobalSysctl(BacklogKey);
        }

        return new VethFloodReport
        {
            NetdevMaxBacklogOriginal = original,
            NetdevMaxBacklogPerNetns = perNetns,
            NetdevMaxBacklogRestored = GlobalSysctl.Read(BacklogKey) == original.ToString(CultureInfo.InvariantCulture),
            Cases = results,
        };
    }

    private static VethFloodCase RunCase(Sandbox sandbox, ProbeSettings settings, FloodCase floodCase, int original,
        ref bool perNetns)
    {
        VethPair pair = VethPair.Create(sandbox, "flood", "10.202.0");
        try
        {
            // netdev_max_backlog sits in net_core_table (init_net only since it is a global), so inside A it is absent.
            perNetns |= Netns.FileExists(pair.A, GlobalSysctl.PathOf(BacklogKey));
            if (floodCase.Rps is { } mask)
            {
                // veth has one rx queue per possible CPU; get_rps_cpu() picks the queue from skb->queue_mapping, which
                // veth0's tx queue choice sets, so every rx queue gets the mask (rx-0 is the one normally used).
                Netns.Shell(pair.B, $"for q in /sys/class/net/{VethPair.DeviceB}/queues/rx-*; do echo {mask} > $q/rps_cpus; done");
            }

            using InnerProcess sink = InnerProcess.Start(sandbox, pair.B, "udp-sink",
                "--bind", pair.AddressB, "--port", Text(Port), "--rcvbuf-force", Text(ReceiverBuffer),
                "--payload", Text(Payload));
            SinkReady ready = sink.Read<SinkReady>();

            int backlog = floodCase.Backlog ?? original;
            long start = Stopwatch.GetTimestamp();
            var softnetBefore = SoftnetStat.Read();
            SnmpSnapshot senderBefore = SnmpSnapshot.ReadIn(pair.A);
            SnmpSnapshot receiverBefore = SnmpSnapshot.ReadIn(pair.B);
            LinkCounters veth0Before = LinkCounters.Read(pair.A, VethPair.DeviceA);
            LinkCounters veth1Before = LinkCounters.Read(pair.B, VethPair.DeviceB);

            // The backlog is shrunk only around the flood itself, so the host's own traffic lives with it briefly.
            UdpFloodResult flood;
            sandbox.SetGlobalSysctl(BacklogKey, Text(backlog));
            try
            {
                flood = InnerProcess.Run<UdpFloodResult>(sandbox, pair.A, "udp-flood",
                    "--dest", pair.AddressB, "--port", Text(Port), "--count", Text(settings.FloodDatagrams),
                    "--payload", Text(Payload), "--cpu", Text(SenderCpu));
                Thread.Sleep(SettleMs);
            }
            finally
            {
                sandbox.RestoreGlobalSysctl(BacklogKey);
            }

            var softnetAfter = SoftnetStat.Read();
            SnmpSnapshot senderAfter = SnmpSnapshot.ReadIn(pair.A);
            LinkCounters veth0After = LinkCounters.Read(pair.A, VethPair.DeviceA);
            LinkCounters veth1After = LinkCounters.Read(pair.B, VethPair.DeviceB);
            sink.Send("drain");
            SinkResult drained = sink.Finish<SinkResult>();
            SnmpSnapshot receiverAfter = SnmpSnapshot.ReadIn(pair.B);

            return new VethFloodCase
            {
                Name = floodCase.Name,
                NetdevMaxBacklog = backlog,
                RpsCpus = floodCase.Rps,
                Datagrams = settings.FloodDatagrams,
                Payload = Payload,
                SenderCpu = flood.Cpu,
                SendMicros = flood.SendMicros,
                WallMs = (long)Stopwatch.GetElapsedTime(start).TotalMilliseconds,
                SendErrors = flood.SendErrors,
                SendErrorsByKind = flood.SendErrorsByKind,
                Softnet = SoftnetStat.Delta(softnetBefore, softnetAfter),
                ReceiverSkRcvbuf = ready.SkRcvbuf,
                ReceiverInDatagrams = receiverAfter.Delta(receiverBefore, "Udp", "InDatagrams"),
                ReceiverRcvbufErrors = receiverAfter.Delta(receiverBefore, "Udp", "RcvbufErrors"),
                ReceiverInErrors = receiverAfter.Delta(receiverBefore, "Udp", "InErrors"),
                Drained = drained.Drained,
                SenderOutDatagrams = senderAfter.Delta(senderBefore, "Udp", "OutDatagrams"),
                SenderSndbufErrors = senderAfter.Delta(senderBefore, "Udp", "SndbufErrors"),
                SenderIpOutDiscards = senderAfter.Delta(senderBefore, "Ip", "OutDiscards"),
                Veth0TxPackets = veth0After.TxPackets - veth0Before.TxPackets,
                Veth0TxDropped = veth0After.TxDropped - veth0Before.TxDropped,
                Veth1RxPackets = veth1After.RxPackets - veth1Before.RxPackets,
                Veth1RxDropped = veth1After.RxDropped - veth1Before.RxDropped,
            };
        }
        finally
        {
            pair.Delete(sandbox);
        }
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>One case: its name, netdev_max_backlog (null = the machine's own) and rps_cpus mask (null = off).</summary>
    private sealed record FloodCase(string Name, int? Backlog, string? Rps);
}
