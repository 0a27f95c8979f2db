using System.Globalization;
using ActorStack.Softirq.Snmp;

namespace ActorStack.Host.Validate;

/// <summary>
/// The model's half of each validate experiment: the same traffic through the matching driver profile, run
/// deterministically (seed 1). Each method returns the figures the kernel's half measures, under the same names.
/// </summary>
public static class ModelExperiments
{
    /// <summary>
    /// A never-read UDP socket over loopback, filled with <paramref name="sent"/> datagrams; then the same fill with a
    /// reader that starts a second later and drains it (InDatagrams after reading).
    /// </summary>
    public static UdpFillFigures UdpFill(int? rcvbuf, int payload, int sent)
    {
        var o = Base("loopback", sent, payload);
        if (rcvbuf is int r)
        {
            o = Set(o, "socket.rcvbuf", Inv(r));
        }

        using var host = new SimulatedHost(o);
        host.Run();
        var socket = host.Sockets[0].Info;
        var udp = host.Stack.Snmp.Udp;
        long queued = socket.Queued;
        using var drained = new SimulatedHost(Set(Set(o, "app.read", "on"), "app.start_ms", "1000"));
        drained.Run();
        return new UdpFillFigures(socket.Rcvbuf, queued, queued > 0 ? socket.RmemAlloc / queued : null, udp[UdpMibField.RcvbufErrors], udp[UdpMibField.InErrors], udp[UdpMibField.InDatagrams])
        {
            InDatagramsAfterRead = drained.Stack.Snmp.Udp[UdpMibField.InDatagrams],
        };
    }

    /// <summary>A burst of datagrams to a closed port, over loopback or across veth.</summary>
    public static ClosedPortFigures ClosedPort(string driver, int sent)
    {
        var o = Set(Base(driver, sent, 64), "traffic.dport", "9");
        using var host = new SimulatedHost(o);
        host.Run();
        var snmp = host.Stack.Snmp;
        return new ClosedPortFigures(snmp.Udp[UdpMibField.NoPorts], snmp.Icmp[IcmpMibField.OutDestUnreachs], snmp.Icmp[IcmpMibField.OutRateLimitGlobal], snmp.Icmp[IcmpMibField.OutRateLimitHost]);
    }

    /// <summary>A UDP flood across veth from a sender on CPU 0, into a socket big enough never to drop.</summary>
    public static VethFloodFigures VethFlood(int datagrams, int maxBacklog, ulong? rpsCpus)
    {
        var o = Base("veth", datagrams, 64);
        o = Set(o, "net.core.rmem_max", Inv(64 << 20));
        o = Set(o, "socket.rcvbuf", Inv(32 << 20));
        o = Set(o, "net.core.netdev_max_backlog", Inv(maxBacklog));
        if (rpsCpus is ulong mask)
        {
            o = Set(o, "queues.rps_cpus", mask.ToString("x", CultureInfo.InvariantCulture));
        }

        using var host = new SimulatedHost(o);
        host.Run();
        var sd = host.Stack.Softnet;
        return new VethFloodFigures(
            sd.Select(s => s.Processed).ToArray(),
            sd.Select(s => s.Dropped).ToArray(),
            sd.Select(s => s.ReceivedRps).ToArray(),
            host.Sockets[0].Info.Queued,
            host.Stack.Snmp.Udp[UdpMibField.RcvbufErrors],
            host.LocalXmit!.PeerSndbufErrors,
            host.Device.Core.PeerTxDropped,
            host.Device.Core.RxDropped);
    }

    /// <summary>The TCP slow reader across veth: SO_RCVBUF 4096, 512-byte reads every 10 ms, one 1448-byte segment per skb.</summary>
    public static TcpSlowReaderFigures TcpSlowReader(long segments, int recvQSamples = 0, int sampleIntervalMs = 100)
    {
        var o = Base("veth", segments, 1448, tcp: true);
        o = Set(o, "socket.rcvbuf", "4096");
        o = Set(o, "app.recv_bytes", "512");
        o = Set(o, "app.think_us", "10000");
        using var host = new SimulatedHost(o);
        var samples = new List<long>();
        if (recvQSamples > 0)
        {
            host.System.Spawn(RecvQSampler.Props(host.TcpHash, sampleIntervalMs * 1_000_000L, recvQSamples, samples), "recvq-sampler").Tell(RecvQSampler.Tick.Instance);
        }

        host.Run();
        var ext = host.Stack.Snmp.TcpExt;
        var names = TcpSlowReaderFigures.Counters;
        var counters = names.ToDictionary(n => n, n => ext[Enum.Parse<TcpExtMibField>(n)]);
        long bytesRead = host.TcpReaders.Sum(r => r.Bytes);
        return new TcpSlowReaderFigures(counters, bytesRead) { RecvQSamples = samples };
    }

    // Two CPUs as on this machine, deterministic, one flow, one socket, nobody reading; the sender as fast as its CPU.
    private static ScenarioOptions Base(string driver, long packets, int payload, bool tcp = false)
    {
        var o = new ScenarioOptions { Name = "validate" };
        var knobs = new List<(string, string)>
        {
            ("cpus", "2"), ("driver.kind", driver), ("traffic.flows", "1"), ("traffic.packets", Inv(packets)),
            ("traffic.payload", Inv(payload)), ("traffic.rate", "100000000"),
        };
        knobs.AddRange(tcp ? [("traffic.protocol", "tcp")] : [("sockets", "1"), ("app.read", "off")]);
        foreach (var (key, value) in knobs)
        {
            o = Set(o, key, value);
        }

        return o;
    }

    private static ScenarioOptions Set(ScenarioOptions o, string key, string value) => Knobs.Apply(o, key, value);

    private static string Inv(long value) => value.ToString(CultureInfo.InvariantCulture);
}
