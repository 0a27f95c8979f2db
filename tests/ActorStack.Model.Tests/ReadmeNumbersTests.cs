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

    public static TheoryData<string> Claims => new() { "rps", "incast", "single-queue", "rss-2", "squeeze", "poisson", "tcp-loss", "tcp-backlog" };

    [Theory]
    [MemberData(nameof(Claims))]
    public void ReadmeNumbers_AreWhatTheScenarioGives(string scenario)
    {
        string claim = Claim(scenario);
        Assert.True(Readme.Value.Contains(claim, StringComparison.Ordinal), $"README should say: {claim}");
    }

    private static string Claim(string scenario)
    {
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
            _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
        };
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
