namespace ActorStack.Model.Tests;

/// <summary>
/// A live run is preceded by a short discarded run of the same scenario, so the JIT has compiled the receive path before
/// the wall clock starts counting; the report counts only the user's packets.
/// </summary>
public class LiveWarmupTests
{
    [Fact]
    public void LiveRun_WarmsUpFirst_AndReportsOnlyItsOwnPackets()
    {
        var (exit, stdout, stderr) = ConsoleRunner.Run("--mode", "live", "--cpus", "1", "--rate", "20000", "--packets", "500", "--view", "off");

        Assert.True(exit == 0, stderr + stdout);
        Assert.Contains("warm-up: 500 packets at 40000 pps run first and discarded", stdout, StringComparison.Ordinal);
        Assert.Contains("packets: injected 500,", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void DeterministicRun_HasNoWarmup()
    {
        var (exit, stdout, stderr) = ConsoleRunner.Run("--packets", "500", "--view", "off");

        Assert.True(exit == 0, stderr + stdout);
        Assert.DoesNotContain("warm-up", stdout, StringComparison.Ordinal);
        Assert.Contains("packets: injected 500,", stdout, StringComparison.Ordinal);
    }
}
