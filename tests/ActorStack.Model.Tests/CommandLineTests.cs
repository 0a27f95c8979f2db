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
    [InlineData("--payload", "2000", "traffic.payload (--payload) 2000: must be 0..1472")]
    [InlineData("--mode", "fast", "--mode: Argument 'fast' not recognized. Must be one of: 'deterministic' 'live'")]
    [InlineData("--packets", "ten", "Cannot parse argument 'ten' for option '--packets'")]
    [InlineData("--ring", "100", "ethtool.rx (--ring) 100: must be 64..8192, a multiple of 8")]
    [InlineData("--bogus", "1", "Unrecognized command or argument '--bogus'")]
    public void BadValue_GivesAClearError(string option, string value, string message)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => Parse(option, value));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_ApplyInTheOrderGiven_AfterTheScenario()
    {
        Assert.Equal(5, Parse("--packets", "10", "--set", "traffic.packets=5").Options.Packets);
        Assert.Equal(10, Parse("--set", "traffic.packets=5", "--packets", "10").Options.Packets);
        var p = Parse("--set", "net.core.netdev_max_backlog=7", "--scenario", "rps", "--fault", "ip_rcv:every=10", "--fault", "udp_rcv:every=20");
        Assert.Equal(("rps", 7, 2), (p.Options.Name, p.Options.Net.NetdevMaxBacklog, p.Options.Faults.Count));
    }

    [Theory]
    [InlineData("list")]
    [InlineData("keys")]
    [InlineData("bench")]
    [InlineData("soak")]
    public void Commands_WithoutArguments_AreRecognised(string command) => Assert.Equal(command, Parse(command).Command);

    [Fact]
    public void CommandArguments_AreTheCommandsOwn()
    {
        Assert.Equal(["a.json", "b.json"], Parse("compare", "a.json", "b.json").Arguments);
        var sweep = Parse("sweep", "traffic.rate=1,2", "--seed", "3");
        Assert.Equal(("sweep", "traffic.rate=1,2", 3), (sweep.Command, sweep.Argument, sweep.Options.Seed));
    }

    [Theory]
    [InlineData("Required argument 'NAME|FILE' missing for command: 'describe'", "describe")]
    [InlineData("Required argument 'B.json' missing for command: 'compare'", "compare", "a.json")]
    [InlineData("Unrecognized command or argument 'frob'", "frob")]
    [InlineData("Required argument missing for option: '--seed'", "--seed")]
    [InlineData("Option '--seed' expects a single argument but 2 were provided", "--seed", "1", "--seed", "2")]
    public void BadSyntax_IsTheLibrarysErrorNamingIt(string message, params string[] args)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => Parse(args));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Completion_OffersScenariosKnobsAndValues()
    {
        static string[] Complete(string line) => CommandLine.Root.Parse(line).GetCompletions(line.Length).Select(c => c.Label).ToArray();
        Assert.Contains("rps", Complete("--scenario r"));
        Assert.Contains("net.core.netdev_budget=", Complete("--set net.core.netdev_b"));
        Assert.Equal(["auto", "off", "plain", "terminal"], Complete("--view "));
        Assert.Contains("sweep", Complete("sw"));
    }

    private static ParsedCommand Parse(params string[] args) => CommandLine.Parse(args);
}

/// <summary>Help, errors and completion come from System.CommandLine, through the console's writers and exit codes.</summary>
public class ConsoleHelpAndErrorTests
{
    [Fact]
    public void Help_ListsEveryCommandAndOption_Exit0()
    {
        var (exit, stdout, stderr) = ConsoleRunner.Run("--help");
        Assert.Equal((0, string.Empty), (exit, stderr));
        foreach (string word in new[] { "run", "list", "describe", "compare", "sweep", "bench", "soak", "keys" })
        {
            Assert.Matches($@"(?m)^\s+{word}\b", stdout);
        }

        foreach (string option in new[] { "--scenario", "--set", "--mode", "--seed", "--cpus", "--packets", "--flows", "--sockets", "--payload", "--rate", "--burst", "--rcvbuf", "--rmem-default", "--rmem-max", "--no-read", "--ring", "--json", "--out", "--view", "--trace", "--trace-file", "--sample", "--trace-epoch", "--log-level", "--log-file", "--fault" })
        {
            Assert.Matches($@"(?m)^\s+{option} ", stdout);
        }
    }

    [Fact]
    public void Help_OfSoak_ShowsItsOwnOptions()
    {
        var (exit, stdout, _) = ConsoleRunner.Run("soak", "--help");
        Assert.Equal(0, exit);
        foreach (string option in new[] { "--modes", "--workloads", "--tracing", "--scale" })
        {
            Assert.Matches($@"(?m)^\s+{option} ", stdout);
        }

        Assert.Contains("VmHWM", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_OfACommand_ShowsItsArguments()
    {
        var (exit, stdout, _) = ConsoleRunner.Run("sweep", "--help");
        Assert.Equal(0, exit);
        Assert.Contains("sweep <KEY=V1,V2,...> [options]", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownOption_IsExit2NamingIt_AndNothingRuns()
    {
        var (exit, stdout, stderr) = ConsoleRunner.Run("--packets", "10", "--frobnicate", "3");
        Assert.Equal(2, exit);
        Assert.Contains("'--frobnicate'", stderr, StringComparison.Ordinal);
        Assert.StartsWith("error: ", stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stdout);
    }

    [Fact]
    public void SuggestDirective_CompletesAScenarioName()
    {
        var (exit, stdout, _) = ConsoleRunner.Run("[suggest:12]", "--scenario r");
        Assert.Equal(0, exit);
        Assert.Contains("rps", stdout.Split('\n', StringSplitOptions.TrimEntries));
    }
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
