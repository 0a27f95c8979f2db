using System.Text.Json;
using ActorStack.Engine;
using ActorStack.Host;
using ActorStack.Host.Soak;

namespace ActorStack.Model.Tests;

/// <summary>
/// The soak command: bad options are refused before any child starts, the default matrix leaves out only the rows
/// that run for a wall-time eternity, and a real child process is measured (peak RSS, packets).
/// </summary>
public class SoakCommandTests
{
    [Theory]
    [InlineData("--modes", "fast")]
    [InlineData("--workloads", "5s")]
    [InlineData("--tracing", "maybe")]
    [InlineData("--scale", "0")]
    [InlineData("--scale", "2")]
    [InlineData("--scale", "tiny")]
    [InlineData("--packets", "5")]
    [InlineData("--json", "results/")]
    public void Soak_BadOption_ExitsTwoNamingTheOptionBeforeAnythingRuns(string option, string value)
    {
        var (exit, stdout, stderr) = ConsoleRunner.Run("soak", option, value);

        Assert.Equal(2, exit);
        Assert.Contains($"error: {option}", stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stdout);
    }

    [Fact]
    public void SoakPlan_Default_SkipsOnlyTheLiveThousandSecondRows()
    {
        var plan = SoakPlan.Parse(null, null, null, null);

        Assert.Equal(14, plan.Rows.Count);
        Assert.Equal(2, plan.Skipped.Count);
        Assert.All(plan.Skipped, r => Assert.Equal((ExecutionMode.Live, "1000s"), (r.Mode, r.Workload.Name)));
        Assert.All(plan.Rows, r => Assert.True(r.EstimatedSeconds <= SoakPlan.LongRowSeconds, $"{r} is estimated at {r.EstimatedSeconds} s"));
        // Live model time is wall time, and a live run may take its traffic's duration plus 10 minutes: a live 1000s
        // row can finish.
        Assert.All(plan.Skipped, r => Assert.True(SimulatedHost.LiveRunLimit(new ScenarioOptions { Packets = r.Packets, RatePps = r.Workload.RatePps }).TotalSeconds > r.ModelSeconds));
    }

    [Fact]
    public void SoakPlan_NamedWorkloads_RunEvenWhenLong()
    {
        var plan = SoakPlan.Parse("live", "1000s", "off", null);

        var row = Assert.Single(plan.Rows);
        Assert.Empty(plan.Skipped);
        Assert.Equal(1000, row.ModelSeconds);
        Assert.Equal(["--mode", "live", "--rate", "10", "--packets", "10000"], row.Arguments);
    }

    [Fact]
    public void SoakPlan_Workloads_SpanTheirModelTimeAndPacketCounts()
    {
        var rows = SoakPlan.Parse("deterministic", null, "on", null).Rows;

        Assert.Equal([10.0, 1000.0, 1.0, 10.0], rows.Select(r => r.ModelSeconds));
        Assert.Equal([10_000, 10_000, 1_000_000, 10_000_000], rows.Select(r => r.Packets));
        Assert.All(rows, r => Assert.Contains("--trace", r.Arguments));
    }

    [Fact]
    public void Soak_OneTinyRow_LaunchesAChildAndReportsItsPeakRssAndPackets()
    {
        string json = Path.Combine(Path.GetTempPath(), $"soak-test-{Guid.NewGuid():N}.json");
        try
        {
            var (exit, stdout, stderr) = ConsoleRunner.Run(
                "soak", "--modes", "deterministic", "--workloads", "1M", "--tracing", "off", "--scale", "0.001", "--json", json);

            Assert.True(exit == 0, $"soak exited {exit}\n{stdout}\n{stderr}");
            Assert.Contains("deterministic  off     1M", stdout, StringComparison.Ordinal);
            Assert.Contains("every row exited 0", stdout, StringComparison.Ordinal);
            using var report = JsonDocument.Parse(File.ReadAllText(json));
            var row = Assert.Single(report.RootElement.GetProperty("rows").EnumerateArray());
            Assert.Equal(0, row.GetProperty("exit_code").GetInt32());
            // A .NET process with the model loaded is tens of MB; less would mean the sampling missed the child.
            Assert.InRange(row.GetProperty("peak_rss_kb").GetInt64(), 10 * 1024, 4 * 1024 * 1024);
            Assert.Equal(1000, row.GetProperty("injected").GetInt64());
            Assert.InRange(row.GetProperty("delivered").GetInt64(), 1, 1000);
        }
        finally
        {
            File.Delete(json);
        }
    }

    [Fact]
    public void SoakChild_ChildThatFails_ReportsItsExitCodeAndNoPackets()
    {
        var row = SoakPlan.Parse("deterministic", "10s", "off", "0.001").Rows[0];

        var result = SoakChild.Run(row, ["--packets", "-1"]);

        Assert.False(result.Succeeded);
        Assert.Equal(2, result.ExitCode);
        Assert.Null(result.Injected);
        Assert.Contains("packets", result.LastErrorLine, StringComparison.Ordinal);
    }
}
