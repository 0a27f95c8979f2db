using System.Text.Json;
using System.Xml.Linq;
using ActorStack.Host;
using ActorStack.Host.Reports;
using ActorStack.Host.Reports.Charts;
using ActorStack.Host.Views;

namespace ActorStack.Model.Tests;

/// <summary>The console's commands run in-process: result files, compare, sweep files, the live view.</summary>
public sealed class ConsoleCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("actorstack-console-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Run_WritesAResultFileWithEveryCounterAndATimeline()
    {
        string path = Path.Combine(_dir, "rps.json");
        var (exit, stdout, _) = Run("--scenario", "rps", "--set", "traffic.packets=8192", "--json", path, "--view", "off");
        Assert.Equal(0, exit);
        Assert.Contains($"results: {path}", stdout, StringComparison.Ordinal);
        var report = ResultFile.Read(path);
        Assert.Equal(("rps", "deterministic", 1), (report.Scenario, report.Mode, report.Seed));
        Assert.Equal("100", report.Knobs["net.core.netdev_max_backlog"]);
        Assert.True(report.Packets.ConservationHolds);
        Assert.Equal(report.Packets.Injected, report.Packets.Delivered + report.Packets.Dropped + report.Packets.StillQueued);
        Assert.Equal(report.Counters.SoftnetDropped, report.Drops["CPU_BACKLOG"]);
        Assert.Equal(report.Counters.SoftnetDropped, report.SoftnetStat.Sum(row => row[1]));
        Assert.Equal(report.Counters.UdpInDatagrams, report.Snmp["Udp"]["InDatagrams"]);
        Assert.Equal(report.Counters.RxPackets, report.Ethtool["rx_packets"]);
        Assert.Equal(report.Packets.Delivered, report.LatencyNs["total"].Count);
        Assert.Equal(4, report.Cpus.Count);
        Assert.Equal(4, report.Timeline.Cpus.Count);
        Assert.Contains("/proc/net/softnet_stat", report.Text.Keys);
        var svg = XDocument.Load(Path.ChangeExtension(path, ".timeline.svg"));
        Assert.Equal("svg", svg.Root!.Name.LocalName);
        Assert.Equal(PngSignature, File.ReadAllBytes(Path.ChangeExtension(path, ".timeline.png")).Take(8));
    }

    [Fact]
    public void Timeline_SameSeed_IsTheSameSvgAndPngByteForByte()
    {
        string a = Path.Combine(_dir, "a", "run.json"), b = Path.Combine(_dir, "b", "run.json");
        Assert.Equal(0, Run("--scenario", "rps", "--set", "traffic.packets=4096", "--json", a, "--view", "off").Exit);
        Assert.Equal(0, Run("--scenario", "rps", "--set", "traffic.packets=4096", "--json", b, "--view", "off").Exit);
        Assert.Equal(File.ReadAllBytes(Path.ChangeExtension(a, ".timeline.svg")), File.ReadAllBytes(Path.ChangeExtension(b, ".timeline.svg")));
        Assert.Equal(File.ReadAllBytes(Path.ChangeExtension(a, ".timeline.png")), File.ReadAllBytes(Path.ChangeExtension(b, ".timeline.png")));
    }

    [Fact]
    public void TimelineChart_HasABandPerCpuAndABarPerBusyBucket()
    {
        var timeline = new CpuTimeline(50_000, [[new CpuSlice(10, 0, 20, 5, 0), new CpuSlice(0, 0, 0, 0, 0)], [new CpuSlice(0, 0, 50, 0, 0), new CpuSlice(100, 0, 0, 0, 0)]]);
        var svg = XDocument.Parse(TimelineChart.Render("t", timeline));
        var labels = svg.Descendants().Where(e => e.Name.LocalName == "text").Select(t => t.Value.Trim()).ToArray();
        Assert.Contains("CPU 0", labels);
        Assert.Contains("CPU 1", labels);
        Assert.Contains("%soft", labels);
        // Drawn again later in the process, the same chart is the same text.
        _ = TimelineChart.Render("other", timeline);
        Assert.Equal(TimelineChart.Render("t", timeline), TimelineChart.Render("t", timeline));
    }

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public void Compare_ShowsTheKnobThatDiffersAndWhatItChanged()
    {
        string a = Path.Combine(_dir, "a.json"), b = Path.Combine(_dir, "b.json");
        Assert.Equal(0, Run("--scenario", "rps", "--set", "traffic.packets=8192", "--json", a, "--view", "off").Exit);
        Assert.Equal(0, Run("--scenario", "rps", "--set", "traffic.packets=8192", "--set", "net.core.netdev_max_backlog=1000", "--json", b, "--view", "off").Exit);
        var (exit, stdout, _) = Run("compare", a, b);
        Assert.Equal(0, exit);
        var lines = stdout.Split('\n');
        Assert.Contains(lines, l => l.Contains("net.core.netdev_max_backlog", StringComparison.Ordinal) && l.Contains("100", StringComparison.Ordinal) && l.Contains("→ 1000", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.TrimStart().StartsWith("seed", StringComparison.Ordinal));
        var drop = lines.Single(l => l.Contains("drop CPU_BACKLOG", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ResultFile.Read(a).Drops["CPU_BACKLOG"].ToString(System.Globalization.CultureInfo.InvariantCulture), drop[2]);
        Assert.Equal(("0", "-100.0%"), (drop[3], drop[4]));
    }

    [Fact]
    public void Compare_OnATerminal_IsTablesOfTheSameRows()
    {
        string a = Path.Combine(_dir, "a.json"), b = Path.Combine(_dir, "b.json");
        Assert.Equal(0, Run("--scenario", "rps", "--set", "traffic.packets=4096", "--json", a, "--view", "off").Exit);
        Assert.Equal(0, Run("--scenario", "rps", "--set", "traffic.packets=4096", "--set", "net.core.netdev_max_backlog=1000", "--json", b, "--view", "off").Exit);
        using var plain = new StringWriter();
        using var drawn = new StringWriter();
        Compare.Write(ResultFile.Read(a), a, ResultFile.Read(b), b, plain, terminal: false);
        Compare.Write(ResultFile.Read(a), a, ResultFile.Read(b), b, drawn, terminal: true);
        Assert.DoesNotContain('╭', plain.ToString());
        Assert.Contains("╭", drawn.ToString(), StringComparison.Ordinal);
        // The metrics of the plain comparison are rows of the table.
        var metrics = plain.ToString().Split('\n').SkipWhile(l => !l.TrimStart().StartsWith("metric", StringComparison.Ordinal)).Skip(1)
            .Where(l => l.Length > 0).Select(l => l[2..46].TrimEnd()).Where(m => m.Length <= 30).ToArray(); // short enough not to wrap at 80 columns
        Assert.NotEmpty(metrics);
        Assert.All(metrics, m => Assert.Contains("│ " + m + " ", drawn.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public void Compare_OfAFileThatIsNotAResult_IsAClearError()
    {
        string bad = Path.Combine(_dir, "bad.json");
        File.WriteAllText(bad, "{\"hello\": 1}");
        var (exit, _, stderr) = Run("compare", bad, bad);
        Assert.Equal(2, exit);
        Assert.Contains($"{bad}: not an ActorStack result file", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Sweep_WritesResultsTablesAndCharts()
    {
        string dir = Path.Combine(_dir, "sweep");
        var (exit, stdout, _) = Run("sweep", "net.core.netdev_max_backlog=50,300,1000", "--scenario", "rps", "--set", "traffic.packets=8192", "--out", dir);
        Assert.Equal(0, exit);
        Assert.Contains("conservation held in every run", stdout, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "sweep.json")));
        var points = json.RootElement.GetProperty("points").EnumerateArray().ToArray();
        Assert.Equal(["50", "300", "1000"], points.Select(p => p.GetProperty("value").GetString()));
        var drops = points.Select(p => p.GetProperty("drops").TryGetProperty("CPU_BACKLOG", out var d) ? d.GetInt64() : 0).ToArray();
        Assert.True(drops[0] > drops[1] && drops[1] > drops[2], string.Join(",", drops));
        foreach (var point in points)
        {
            var report = ResultFile.Read(Path.Combine(dir, point.GetProperty("result_file").GetString()!));
            Assert.True(report.Packets.ConservationHolds);
        }

        Assert.Equal(4, File.ReadAllLines(Path.Combine(dir, "sweep.csv")).Length);
        foreach (var chart in new[] { "delivered.svg", "latency.svg", "drops.svg", "point-01-50.timeline.svg" })
        {
            var svg = XDocument.Load(Path.Combine(dir, chart));
            Assert.Equal("svg", svg.Root!.Name.LocalName);
        }

        // The legend names each drop reason (ScottPlot writes a label as the text of a <text> element).
        var dropChart = XDocument.Load(Path.Combine(dir, "drops.svg"));
        Assert.Contains(dropChart.Descendants().Where(e => e.Name.LocalName == "text"), t => t.Value.Trim() == "CPU_BACKLOG");
        foreach (var chart in new[] { "delivered.png", "latency.png", "drops.png", "point-01-50.timeline.png" })
        {
            Assert.Equal(PngSignature, File.ReadAllBytes(Path.Combine(dir, chart)).Take(8));
        }
    }

    [Fact]
    public void Sweep_WithABadValue_RunsNothing()
    {
        string dir = Path.Combine(_dir, "never");
        var (exit, stdout, stderr) = Run("sweep", "net.core.netdev_budget=300,0", "--out", dir);
        Assert.Equal(2, exit);
        Assert.Contains("net.core.netdev_budget = 0 is not allowed", stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stdout);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void LiveView_NotATerminal_WritesPlainProgressLinesAndTheRunIsUnchanged()
    {
        var options = ScenarioRunner.Options("rps", "traffic.packets=20000");
        using var text = new StringWriter();
        RunResult viewed, plain;
        using (var host = new SimulatedHost(options))
        {
            viewed = host.Run(view: new LiveView(text, terminal: false) { IntervalMs = 0 });
        }

        using (var host = new SimulatedHost(options))
        {
            plain = host.Run();
        }

        var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length >= 3, text.ToString());
        Assert.All(lines, l => Assert.StartsWith("progress ", l, StringComparison.Ordinal));
        Assert.DoesNotContain('\u001b', text.ToString());
        Assert.EndsWith(" done", lines[^1], StringComparison.Ordinal);
        Assert.Contains("cpu ", lines[^1], StringComparison.Ordinal);
        // The view only observes: a deterministic run is the same with it.
        Assert.Equal(plain.Format().Split('\n').Where(l => !l.StartsWith("run: wall", StringComparison.Ordinal)), viewed.Format().Split('\n').Where(l => !l.StartsWith("run: wall", StringComparison.Ordinal)));
    }

    [Fact]
    public void LiveView_Terminal_RedrawsInPlace()
    {
        using var text = new StringWriter();
        using (var host = new SimulatedHost(ScenarioRunner.Options("default", "traffic.packets=3000")))
        {
            var view = new LiveView(text, terminal: true) { IntervalMs = 0 };
            view.Show(() => host.Run(view: view));
        }

        // Spectre's live display: every redraw after the first moves the cursor up over the previous frame (a
        // progress line, the counters, 2 CPUs).
        Assert.Matches("\u001b\\[\\d+A", text.ToString());
        Assert.Contains("cpu0", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("cpu1", text.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Report_OnATerminal_DrawsTablesButKeepsTheKernelTextVerbatim()
    {
        var result = ScenarioRunner.Run("rps", "traffic.packets=4096");
        using var text = new StringWriter();
        ConsoleTables.WriteReport(Terminal.Ansi(text), text, result);
        string drawn = text.ToString();
        Assert.Contains("╭", drawn, StringComparison.Ordinal);
        Assert.Contains("SKB_DROP_REASON_CPU_BACKLOG", drawn, StringComparison.Ordinal);
        Assert.Contains("total: wire → application", drawn, StringComparison.Ordinal);
        foreach (string kernel in new[] { result.SoftnetStat, result.Snmp, result.Netstat, result.NetstatS, result.Interrupts, result.EthtoolStats })
        {
            Assert.Contains("\n" + kernel, drawn, StringComparison.Ordinal);
        }

        // Redirected, the same report is the plain text, which has no escape codes.
        Assert.DoesNotContain('\u001b', result.Format());
    }

    private static (int Exit, string Stdout, string Stderr) Run(params string[] args) => ConsoleRunner.Run(args);
}

/// <summary>Every output path is checked before the run: a bad one is exit 2 naming the option, and nothing runs.</summary>
public class OutputPathTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("actorstack-out-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("--json")]
    [InlineData("--trace-file")]
    [InlineData("--log-file")]
    public void FileOption_InAMissingUnwritablePlaceOrADirectory_IsExit2NamingIt_BeforeAnythingRuns(string option)
    {
        string blocker = Path.Combine(_dir, "blocker");
        File.WriteAllText(blocker, "a file where a directory should be");
        foreach (string bad in new[] { Path.Combine(blocker, "x.json"), _dir, _dir + "/" })
        {
            var (exit, stdout, stderr) = ConsoleRunner.Run("--packets", "10", "--view", "off", option, bad);
            Assert.Equal(2, exit);
            Assert.Contains(option, stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("ActorStack: scenario", stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void SweepOut_ThatIsAFile_IsExit2NamingIt()
    {
        string file = Path.Combine(_dir, "existing");
        File.WriteAllText(file, "keep me");
        var (exit, _, stderr) = ConsoleRunner.Run("sweep", "traffic.rate=1000,2000", "--packets", "10", "--out", file);
        Assert.Equal(2, exit);
        Assert.Contains("--out", stderr, StringComparison.Ordinal);
        Assert.Equal("keep me", File.ReadAllText(file));
    }

    [Fact]
    public void GoodPaths_AreWritten_AndAnExistingFileIsNotTruncatedByTheCheck()
    {
        string json = Path.Combine(_dir, "sub", "run.json");
        string log = Path.Combine(_dir, "kernel.log");
        // The kernel log appends: what the file held before the run must still be there (the check opens it for
        // writing without truncating).
        File.WriteAllText(log, "earlier line\n");
        var (exit, _, stderr) = ConsoleRunner.Run("--packets", "10", "--view", "off", "--json", json, "--log-file", log);
        Assert.True(exit == 0, stderr);
        Assert.True(File.Exists(json));
        Assert.True(File.Exists(Path.ChangeExtension(json, ".timeline.svg")));
        Assert.StartsWith("earlier line\n", File.ReadAllText(log), StringComparison.Ordinal);
    }
}
