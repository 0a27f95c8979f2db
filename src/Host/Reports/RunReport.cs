using System.Globalization;
using ActorStack.Engine;
using ActorStack.Softirq;
using ActorStack.Softirq.Skb;

namespace ActorStack.Host.Reports;

/// <summary>
/// The machine-readable result of one run (schema actorstack.run/1): settings under their kernel names, packet
/// accounting, drops by reason, latency per stage, per-CPU load and timeline, and every kernel counter both as
/// numbers and verbatim in the kernel's format. Written as JSON by <see cref="ResultFile"/>; read back by compare.
/// </summary>
public sealed record RunReport
{
    /// <summary>The schema this file follows.</summary>
    public const string SchemaName = "actorstack.run/1";

    public string Schema { get; init; } = SchemaName;
    public required string Scenario { get; init; }
    public required Dictionary<string, string> Knobs { get; init; }
    public required string Mode { get; init; }
    public required int Seed { get; init; }
    public required long ModelTimeNs { get; init; }
    public required double WallMs { get; init; }
    public required bool Quiet { get; init; }
    public required PacketTotals Packets { get; init; }
    public required double OfferedPps { get; init; }
    public required double DeliveredPps { get; init; }
    public required Dictionary<string, long> Drops { get; init; }
    public required Dictionary<string, LatencyStats> LatencyNs { get; init; }
    public required List<CpuLoad> Cpus { get; init; }
    public required List<List<long>> SoftnetStat { get; init; }
    public required Dictionary<string, Dictionary<string, long>> Snmp { get; init; }
    public required Dictionary<string, long> Ethtool { get; init; }
    public required List<SocketSnapshot> Sockets { get; init; }
    public required CounterSnapshot Counters { get; init; }
    public TraceExportStats? Tracing { get; init; }
    public required long LogSuppressed { get; init; }
    public required TimelineData Timeline { get; init; }

    /// <summary>TCP streams (TCP scenarios).</summary>
    public TcpRunSummary? Tcp { get; init; }

    /// <summary>How the application threads waited (event loops, epoll accept).</summary>
    public WaitSummary? Wait { get; init; }

    /// <summary>Busy polling by the readers (SO_BUSY_POLL / net.core.busy_read).</summary>
    public BusyPollSummary? BusyPoll { get; init; }

    /// <summary>The kernel-format text of each counter file, as the console prints it.</summary>
    public required Dictionary<string, string> Text { get; init; }

    /// <summary>The report of <paramref name="r"/>.</summary>
    public static RunReport Of(RunResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var c = r.Conservation;
        double seconds = Math.Max(1, r.ModelNanos) / 1e9;
        var snmp = ParseTables(r.Snmp + r.Netstat);
        return new RunReport
        {
            Scenario = r.Options.Name,
            Knobs = Host.Knobs.Current(r.Options).ToDictionary(k => k.Key, k => k.Value),
            Mode = r.Options.Mode == ExecutionMode.Live ? "live" : "deterministic",
            Seed = r.Options.Seed,
            ModelTimeNs = r.ModelNanos,
            WallMs = r.Elapsed.TotalMilliseconds,
            Quiet = r.Quiet,
            Packets = new PacketTotals(c.Injected, c.Delivered, c.Dropped, c.StillQueued, r.OnWire, r.InRings, r.InSockets, r.InFlight, r.OutOfOrder, c.Holds)
            {
                Consumed = r.KernelEnds.Where(e => e.End != KernelEnd.Forwarded).ToDictionary(e => e.End.Name(), e => e.Count),
                Forwarded = c.Forwarded,
            },
            OfferedPps = r.Options.RatePps,
            DeliveredPps = c.Delivered / seconds,
            Drops = r.Drops.ToDictionary(d => d.Reason.KernelName(), d => d.Count),
            LatencyNs = r.Latency.ToDictionary(l => l.Key, l => new LatencyStats(l.Count, l.P50, l.P90, l.P99, l.Max, l.Mean)),
            Cpus = r.Cpus.Select((u, i) => new CpuLoad(i, u.User, u.Sys, u.Irq, u.Soft, u.Steal, u.Idle, r.Ksoftirqd[i].Wakeups, r.Ksoftirqd[i].Passes)).ToList(),
            SoftnetStat = r.SoftnetStat.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split(' ').Select(h => long.Parse(h, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToList()).ToList(),
            Snmp = snmp,
            Ethtool = ParseEthtool(r.EthtoolStats),
            Sockets = r.Sockets.ToList(),
            Counters = r.Counters,
            Tcp = r.Tcp,
            Wait = r.Wait,
            BusyPoll = r.BusyPoll,
            Tracing = r.Tracing,
            LogSuppressed = r.LogSuppressed,
            Timeline = new TimelineData(r.Timeline.BucketNanos, r.Timeline.Cpus.Select(cpu => cpu.Select(s => new[] { Round(s.User), Round(s.Sys), Round(s.Irq), Round(s.Soft), Round(s.Steal) }).ToList()).ToList()),
            Text = new Dictionary<string, string>
            {
                ["/proc/net/softnet_stat"] = r.SoftnetStat,
                ["/proc/net/snmp"] = r.Snmp,
                ["/proc/net/netstat"] = r.Netstat,
                ["netstat -s"] = r.NetstatS,
                ["ss -tan"] = r.SsTcp,
                ["/proc/interrupts"] = r.Interrupts,
                [$"ethtool -S {r.Interface}"] = r.EthtoolStats,
                [$"ethtool -i {r.Interface}"] = r.DriverInfo,
                ["iptables -L -v -n -x"] = r.Iptables,
                ["iptables -t raw -L -v -n -x"] = r.IptablesRaw,
            },
        };
    }

    private static double Round(double v) => Math.Round(v, 2);

    // /proc/net/snmp style: a header line "Ip: A B C" and a value line "Ip: 1 2 3" per table.
    private static Dictionary<string, Dictionary<string, long>> ParseTables(string text)
    {
        var tables = new Dictionary<string, Dictionary<string, long>>();
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i + 1 < lines.Length; i += 2)
        {
            var names = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var values = lines[i + 1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var table = new Dictionary<string, long>();
            for (int k = 1; k < Math.Min(names.Length, values.Length); k++)
            {
                table[names[k]] = long.Parse(values[k], CultureInfo.InvariantCulture);
            }

            tables[names[0].TrimEnd(':')] = table;
        }

        return tables;
    }

    private static Dictionary<string, long> ParseEthtool(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(':', 2, StringSplitOptions.TrimEntries))
            .Where(parts => parts.Length == 2 && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            .ToDictionary(parts => parts[0], parts => long.Parse(parts[1], CultureInfo.InvariantCulture));
}

/// <summary>Packet accounting: injected = delivered + consumed + forwarded + dropped + still_queued.</summary>
public sealed record PacketTotals(long Injected, long Delivered, long Dropped, long StillQueued, long OnWire, long InRings, long InSockets, long InFlight, long OutOfOrder, bool ConservationHolds)
{
    /// <summary>Packets consumed by the kernel, by kind (arp, ipv6, icmp, tcp_control).</summary>
    public Dictionary<string, long> Consumed { get; init; } = new();

    /// <summary>Packets forwarded out of the host.</summary>
    public long Forwarded { get; init; }
}

/// <summary>Latency of one stage, nanoseconds of model time.</summary>
public sealed record LatencyStats(long Count, long P50, long P90, long P99, long Max, double Mean);

/// <summary>One CPU's mpstat columns and ksoftirqd activity.</summary>
public sealed record CpuLoad(int Cpu, double Usr, double Sys, double Irq, double Soft, double Steal, double Idle, long KsoftirqdWakeups, long KsoftirqdPasses);

/// <summary>Per-CPU timeline: for each CPU, per bucket of <see cref="BucketNs"/>, [%usr, %sys, %irq, %soft, %steal].</summary>
public sealed record TimelineData(long BucketNs, List<List<double[]>> Cpus);
