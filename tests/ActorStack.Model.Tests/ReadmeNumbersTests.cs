using System.Globalization;
using System.Text.RegularExpressions;
using ActorStack.Host;
using ActorStack.Host.Reports;
using ActorStack.Softirq.Skb;

namespace ActorStack.Model.Tests;

/// <summary>
/// The numbers README quotes for the shipped scenarios are recomputed here (seed 1, deterministic) and must appear in
/// README exactly as written: a change to the model that moves them fails this test until README says what the model
/// now does.
/// </summary>
public class ReadmeNumbersTests
{
    private static readonly Lazy<string> Readme = new(() =>
    {
        string root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "ActorStack.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("repository root not found");
        }

        return File.ReadAllText(Path.Combine(root, "README.md"));
    });

    public static TheoryData<string> Claims => new()
    {
        "rps", "incast", "single-queue", "rss-2", "squeeze", "poisson", "tcp-loss", "tcp-backlog",
        "select-many", "epoll-many", "herd", "herd-exclusive",
        "busy-poll busy_read=0", "busy-poll", "busy-poll busy_read=300", "busy-poll-prefer", "tcp busy_read",
        "single-queue cpu", "rss-2 cpu", "rss-4", "incast cpu", "incast ring 1024", "squeeze reader", "livelock", "livelock napi",
    };

    [Theory]
    [MemberData(nameof(Claims))]
    public void ReadmeNumbers_AreWhatTheScenarioGives(string scenario)
    {
        string claim = Claim(scenario);
        Assert.True(Readme.Value.Contains(claim, StringComparison.Ordinal), $"README should say: {claim}");
    }

    private static string Claim(string scenario)
    {
        switch (scenario)
        {
            case "busy-poll busy_read=0":
                return Claim("busy-poll busy_read=0", "busy-poll", "net.core.busy_read=0");
            case "busy-poll busy_read=300":
                return Claim(scenario, "busy-poll", "net.core.busy_read=300");
            case "busy-poll" or "busy-poll-prefer":
                return Claim(scenario, scenario);
            case "tcp busy_read":
                return Claim(scenario, "tcp busy_read");
            case "single-queue cpu":
                var one = Run("single-queue");
                return Inv($"One queue: CPU 0 at {Busy(one, 0):0} % ({one.Cpus[0].Soft:0} % soft)");
            case "rss-2 cpu":
                var two = Run("rss-2");
                string busy = Inv($"{Busy(two, 0):0}") == Inv($"{Busy(two, 1):0}") ? Inv($"{Busy(two, 0):0}") : Inv($"{Busy(two, 0):0} and {Busy(two, 1):0}");
                return $"RSS over 2 queues: CPUs 0 and 1 at {busy} %";
            case "rss-4":
                var four = Run("rss-4");
                var cpus = Enumerable.Range(0, four.Cpus.Count).Select(c => Busy(four, c)).ToArray();
                return Inv($"4 queues: every CPU {cpus.Min():0}–{cpus.Max():0} % busy, all {four.Conservation.Delivered / 1000} k delivered");
            case "incast cpu":
                return Inv($"(CPU 0 is {Run("incast").Cpus[0].Idle:0} % idle)");
            case "incast ring 1024":
                var ring = Run("incast", "ethtool.rx=1024");
                return Inv($"({K(Drops(ring, SkbDropReason.SocketRcvbuff))} k `SOCKET_RCVBUFF`); latency p50 {Total(Run("incast")).P50 / 1000.0:0} → {Total(ring).P50 / 1000.0:0} µs");
            case "squeeze reader":
                var squeeze = Run("squeeze");
                return Inv($"the reader on CPU 0 gets {squeeze.Cpus[0].User + squeeze.Cpus[0].Sys:0} %");
            case "livelock":
                return Livelock(napi: false);
            case "livelock napi":
                return Livelock(napi: true);
        }

        var r = Run(scenario);
        return scenario switch
        {
            "rps" => $"{K(Drops(r, SkbDropReason.CpuBacklog))} k `CPU_BACKLOG` drops",
            "incast" => $"{K(Drops(r, SkbDropReason.FullRing))} k `FULL_RING` of {K(r.Conservation.Injected)} k",
            "single-queue" => $"({r.Conservation.Delivered / 1000} k of {r.Conservation.Injected / 1000} k delivered)",
            "rss-2" => $"{r.Conservation.Delivered / 1000} k delivered",
            "squeeze" => $"`time_squeeze` {Column(r, 0, 2)}, ksoftirqd {r.Ksoftirqd[0].Passes} passes",
            "poisson" => Poisson(r),
            "tcp-loss" => TcpLoss(r),
            "tcp-backlog" => $"{Drops(r, SkbDropReason.SocketBacklog)} `TCPBacklogDrop` (`SOCKET_BACKLOG`), {r.Tcp!.BacklogSkbsProcessed.ToString("#,0", Spaced)} backlog skbs",
            "select-many" => SelectMany(r),
            "epoll-many" => Inv($"{r.Wait!.NanosPerCall / 1000:0.00} µs per call, whatever the number of sockets. The CPU is {Busy(r, 1):0} % busy, the queue wait is {Stage(r, "socket_queue_wait").P50 / 1000.0:0.0} µs."),
            "herd" => Inv($"{r.Wait!.Wakeups} wakeups ({r.Wait.Wakeups / r.Tcp!.Accepted} per connection), {r.Wait.SpuriousWakeups} of them spurious; {r.Wait.Eagain} `accept()` calls return `EAGAIN`"),
            "herd-exclusive" => Inv($"{r.Wait!.Wakeups} wakeups, {(r.Wait.SpuriousWakeups == 0 ? "none" : r.Wait.SpuriousWakeups.ToString(CultureInfo.InvariantCulture))} spurious, {r.Wait.Eagain} `EAGAIN`"),
            _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
        };
    }

    private static string Claim(string name, string scenario, params string[] settings) => scenario switch
    {
        "busy-poll" or "busy-poll-prefer" => BusyPollRow(name, Run(scenario, settings)),
        _ => TcpBusyPoll(),
    };

    // A row of the livelock sweep table: the share delivered, or for NAPI past 1 Mpps the delivered rate (its plateau).
    private static string Livelock(bool napi)
    {
        long[] rates = [200_000, 400_000, 600_000, 800_000, 1_000_000, 1_500_000, 2_000_000];
        var cells = rates.Select(rate =>
        {
            var r = Run("livelock", $"traffic.rate={rate}", $"driver.napi={(napi ? "on" : "off")}");
            double share = 100.0 * r.Conservation.Delivered / r.Conservation.Injected;
            return napi && rate >= 1_000_000
                ? Inv($"{RunReport.Of(r).DeliveredPps / 1000:0}k/s")
                : share >= 10 ? Inv($"{share:0} %") : Inv($"{share:0.0} %");
        });
        return $"| delivered, {(napi ? "NAPI" : "no NAPI")} | {string.Join(" | ", cells)} |";
    }

    private static string Inv(FormattableString text) => FormattableString.Invariant(text);

    private static LatencyRow Stage(RunResult r, string key) => r.Latency.Single(l => l.Key == key);

    private static double Busy(RunResult r, int cpu) => 100 - r.Cpus[cpu].Idle;

    private static string SelectMany(RunResult r)
    {
        string PerCall(int sockets) => Inv($"{Run("select-many", $"sockets={sockets}").Wait!.NanosPerCall / 1000:0.0} µs with {sockets}");
        return Inv($"{r.Wait!.NanosPerCall / 1000:0.0} µs of CPU per call. The thread's CPU is {Busy(r, 1):0} % busy; a datagram waits {Stage(r, "socket_queue_wait").P50 / 1000.0:0.0} µs (p50) in the socket queue. Per call: {PerCall(16)} sockets, {PerCall(64)}, {PerCall(256)}.");
    }

    // A row of the busy-poll table: latency, socket queue wait, interrupts, reader wakeups, CPU 1 busy.
    private static string BusyPollRow(string name, RunResult r)
    {
        var total = Total(r);
        string max = name == "busy-poll-prefer" ? Inv($" (max {total.Max / 1000.0:0.0})") : string.Empty;
        long wakeups = r.Sockets.Sum(s => s.Wakeups);
        return Inv($"| {total.P50 / 1000.0:0.00} / {total.P99 / 1000.0:0.00} µs{max} | {Stage(r, "socket_queue_wait").P50 / 1000.0:0.00} µs | {Interrupts(r)} | {wakeups} | {Busy(r, 1):0.0} % |");
    }

    private static long Interrupts(RunResult r) =>
        r.Interrupts.Split('\n').Where(l => l.Contains("eth0-TxRx", StringComparison.Ordinal))
            .Sum(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).TakeWhile(c => long.TryParse(c, out _)).Sum(long.Parse));

    private static string TcpBusyPoll()
    {
        string[] tcp = ["traffic.protocol=tcp", "traffic.flows=1", "traffic.packets=2000", "traffic.rate=20000", "traffic.payload=256"];
        var plain = Run("default", tcp);
        var busy = Run("default", [.. tcp, "net.core.busy_read=100"]);
        long rx = long.Parse(Regex.Match(busy.NetstatS, @"BusyPollRxPackets: (\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        return Inv($"total latency p50 {Total(plain).P50 / 1000.0:0.00} µs and {plain.Tcp!.ReaderWakeups} reader wakeups; with\n`--set net.core.busy_read=100`, {Total(busy).P50 / 1000.0:0.00} µs, {busy.Tcp!.ReaderWakeups} wakeups, `BusyPollRxPackets` {rx}.");
    }

    private static readonly NumberFormatInfo Spaced = new() { NumberGroupSeparator = " ", NumberGroupSizes = [3] };

    private static RunResult Run(string scenario, params string[] settings) => ScenarioRunner.Run(scenario, settings);

    private static long Drops(RunResult r, SkbDropReason reason) => r.Drops.Where(d => d.Reason == reason).Sum(d => d.Count);

    private static string K(long n) => (n / 1000.0).ToString("0.0", CultureInfo.InvariantCulture);

    private static long Column(RunResult r, int cpu, int column) =>
        Convert.ToInt64(r.SoftnetStat.Split('\n')[cpu].Split(' ')[column], 16);

    private static LatencyRow Total(RunResult r) => r.Latency.Single(l => l.Key == "total");

    private static string Poisson(RunResult r)
    {
        var clumped = Total(r);
        var even = Total(Run("poisson", "traffic.pattern=constant"));
        return string.Create(CultureInfo.InvariantCulture, $"p50/p99 {clumped.P50 / 1000.0:0}/{clumped.P99 / 1000.0:0} µs against {even.P50 / 1000.0:0.0}/{even.P99 / 1000.0:0.0} µs");
    }

    private static string TcpLoss(RunResult r)
    {
        var tcp = r.Tcp!;
        return $"{tcp.LostOnWire} lost, {tcp.Retransmits} retransmissions ({tcp.FastRetransmits} fast, {tcp.Timeouts} RTO)";
    }
}
