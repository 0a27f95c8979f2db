using ActorStack.Engine;
using ActorStack.Host;

namespace ActorStack.Model.Tests;

public class CommandLineTests
{
    [Fact]
    public void NoArguments_RunsTheDefaultScenarioDeterministic()
    {
        var p = Parse();
        Assert.Equal(("run", ExecutionMode.Deterministic, 2), (p.Command, p.Options.Mode, p.Options.Cpus));
    }

    [Fact]
    public void Options_SetTheScenario()
    {
        var p = Parse("--mode", "deterministic", "--seed", "9", "--cpus", "4", "--packets", "50", "--payload", "1472", "--rcvbuf", "10000", "--no-read");
        Assert.Equal((ExecutionMode.Deterministic, 9, 4, 50, 1472, 10000, false),
            (p.Options.Mode, p.Options.Seed, p.Options.Cpus, p.Options.Packets, p.Options.PayloadSize, p.Options.SoRcvbuf, p.Options.AppReads));
    }

    [Theory]
    [InlineData("--cpus", "0", "cpus (--cpus) 0: must be 1..64")]
    [InlineData("--payload", "2000", "traffic.payload (--payload) 2000: must be 12..1472")]
    [InlineData("--mode", "fast", "--mode fast: must be live or deterministic")]
    [InlineData("--packets", "ten", "--packets ten: not a whole number")]
    [InlineData("--ring", "100", "ethtool.rx (--ring) 100: must be 64..8192, a multiple of 8")]
    [InlineData("--bogus", "1", "unknown option '--bogus'")]
    public void BadValue_GivesAClearError(string option, string value, string message)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => Parse(option, value));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private static ParsedCommand Parse(params string[] args) => CommandLine.Parse(args);
}

/// <summary>Two starting points cannot both be blamed correctly: the second --scenario is refused.</summary>
public class TwoScenariosTests
{
    [Fact]
    public void ScenarioGivenTwice_IsExit2NamingBoth()
    {
        var (exit, stdout, stderr) = ConsoleRunner.Run("--scenario", "default", "--scenario", "rps");
        Assert.Equal(2, exit);
        Assert.Contains("--scenario given twice (default, rps)", stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stdout);
    }
}
