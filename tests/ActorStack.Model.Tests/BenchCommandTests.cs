namespace ActorStack.Model.Tests;

/// <summary>The bench command: one row per mode and tracing setting, conservation checked in each.</summary>
public class BenchCommandTests
{
    [Fact]
    public void Bench_Redirected_PrintsAPlainRowPerModeAndTracing_AllConserving()
    {
        var (exit, stdout, stderr) = ConsoleRunner.Run("bench", "--packets", "200");

        Assert.True(exit == 0, stderr + stdout);
        var rows = stdout.Split('\n').Where(l => l.StartsWith("live ", StringComparison.Ordinal) || l.StartsWith("deterministic ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(4, rows.Length);
        Assert.All(rows, r => Assert.EndsWith("holds", r.TrimEnd(), StringComparison.Ordinal));
        Assert.DoesNotContain('│', stdout);
    }
}
