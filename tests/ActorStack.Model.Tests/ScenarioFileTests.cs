using ActorStack.Host;

namespace ActorStack.Model.Tests;

/// <summary>Scenario files: what they set, and errors that name the file, line and key before anything runs.</summary>
public sealed class ScenarioFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("actorstack-yaml-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ScenarioFile_SetsTopologyKnobsSocketsAndTraffic()
    {
        string path = Write("mine.yaml", """
            name: my-rps
            description: RPS from one queue to CPUs 1-2
            seed: 7
            topology:
              cpus: 4
              nic: { queues: 1, ring: 1024, irq_affinity: [0], rps_cpus: "6" }
            sysctl:
              net.core.netdev_budget: 600
              net.core.netdev_max_backlog: 2000
            ethtool:
              -C: { adaptive-rx: off, rx-usecs: 20 }
              -K: { gro: off }
            sysfs: { napi_defer_hard_irqs: 2, gro_flush_timeout: 20000 }
            sockets: { count: 2, rcvbuf: 100000 }
            app: { cpus: [3, 2] }
            traffic: { flows: 8, rate: 250000, pattern: poisson, payload: [64, 1472], packets: 1000 }
            costs: { ip_rcv: 450, jitter_percent: 0 }
            """);
        var o = CommandLine.Parse(["--scenario", path]).Options;
        Assert.Equal(("my-rps", 7, 4, 1, 1024), (o.Name, o.Seed, o.Cpus, o.Nic.Queues, o.Nic.RxRingSize));
        Assert.Equal([6UL], o.Nic.RpsCpus);
        Assert.Equal((600, 2000), (o.Net.NetdevBudget, o.Net.NetdevMaxBacklog));
        Assert.Equal((false, 20, false), (o.Nic.AdaptiveRx, o.Nic.RxUsecs, o.Nic.Gro));
        Assert.Equal((2, 20000L), (o.Nic.NapiDeferHardIrqs, o.Nic.GroFlushTimeout));
        Assert.Equal((2, 100000), (o.Sockets, o.SoRcvbuf));
        Assert.Equal([3, 2], o.ReaderCpus);
        Assert.Equal((8, 250000L, TrafficPattern.Poisson, 1000), (o.Flows, o.RatePps, o.Pattern, o.Packets));
        Assert.Equal([64, 1472], o.PayloadSizes);
        Assert.Equal((450L, 0), (o.Costs.IpRcv, o.CostJitterPercent));
    }

    [Fact]
    public void CommandLine_OverridesTheFile()
    {
        string path = Write("base.yaml", "topology: { cpus: 4 }\nsysctl: { net.core.netdev_budget: 600 }\n");
        var o = CommandLine.Parse(["--scenario", path, "--set", "net.core.netdev_budget=50"]).Options;
        Assert.Equal((4, 50), (o.Cpus, o.Net.NetdevBudget));
    }

    [Theory]
    [InlineData("topology: { cpus: 2 }\nbogus: 1\n", "bad.yaml:2: bogus: unknown key; allowed: name, description")]
    [InlineData("topology: 4\n", "bad.yaml:1: topology: expected a mapping with cpus, nic.queues")]
    [InlineData("topology:\n  cpus: 2\n  gpus: 1\n", "bad.yaml:3: topology.gpus: unknown key; allowed under topology: cpus, nic")]
    [InlineData("sysctl:\n  net.core.netdev_budget: 0\n", "bad.yaml:2: sysctl.net.core.netdev_budget: net.core.netdev_budget = 0 is not allowed: must be >= 1")]
    [InlineData("sysctl:\n  net.ipv6.conf.all.forwarding: 1\n", "bad.yaml:2: sysctl.net.ipv6.conf.all.forwarding: unknown sysctl")]
    [InlineData("traffic:\n  rate: fast\n", "bad.yaml:2: traffic.rate: traffic.rate=fast: must be a whole number")]
    [InlineData("traffic:\n  pattern: chaos\n", "bad.yaml:2: traffic.pattern: traffic.pattern=chaos: must be constant, poisson or incast")]
    [InlineData("topology:\n  cpus: 2\napp:\n  cpus: [0, 7]\n", "bad.yaml:4: app.cpus: app.cpus 7: must be a CPU 0..1")]
    [InlineData("topology:\n  cpus: 100\n", "bad.yaml:2: topology.cpus: cpus (--cpus) 100: must be 1..64")]
    [InlineData("ethtool:\n  -L: { combined: 0 }\n", "bad.yaml:2: ethtool.-L.combined: ethtool -L combined 0: must be 1..64")]
    [InlineData("sockets:\n  count: [1, 2]\n  rcvbuf: { a: 1 }\n", "bad.yaml:3: sockets.rcvbuf: expected a value or a list of values, not a mapping")]
    [InlineData("costs:\n  ip_rcv: -5\n", "bad.yaml:2: costs.ip_rcv: cost.ip_rcv=-5: must be ns >= 0")]
    [InlineData("topology: { cpus: 2\n", "bad.yaml:2: not valid YAML")]
    [InlineData("- a\n- b\n", "bad.yaml: a scenario file is a YAML mapping")]
    public void BadFile_NamesFileLineKeyAndWhatIsAllowed(string yaml, string message)
    {
        string path = Write("bad.yaml", yaml);
        var error = Assert.ThrowsAny<ArgumentException>(() => CommandLine.Parse(["--scenario", path]));
        Assert.Contains(message.Replace("bad.yaml", path, StringComparison.Ordinal), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadFile_RunsNothingAndWritesNoResult()
    {
        string path = Write("bad.yaml", "traffic: { rate: 0 }\n");
        string result = Path.Combine(_dir, "r.json");
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exit = Commands.Execute(["--scenario", path, "--json", result, "--view", "off"], output, error);
        Assert.Equal(2, exit);
        Assert.Contains($"{path}:1: traffic.rate: traffic.rate (--rate) 0: must be 1..100000000", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(string.Empty, output.ToString());
        Assert.False(File.Exists(result));
    }

    [Fact]
    public void MissingFile_IsAClearError()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => CommandLine.Parse(["--scenario", Path.Combine(_dir, "nope.yaml")]));
        Assert.Contains("no such scenario file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ShippedScenarioYaml_LoadsBackAsAUserFile()
    {
        foreach (var scenario in Scenarios.All)
        {
            string path = Write(scenario.Name + ".yaml", Scenarios.Yaml(scenario.Name));
            var fromFile = CommandLine.Parse(["--scenario", path]).Options;
            var shipped = CommandLine.Parse(["--scenario", scenario.Name]).Options;
            Assert.Equal(Knobs.Current(shipped), Knobs.Current(fromFile));
        }
    }

    [Fact]
    public void ReadmeExample_IsAValidScenarioThatRuns()
    {
        var readme = new DirectoryInfo(AppContext.BaseDirectory);
        while (readme is not null && !File.Exists(Path.Combine(readme.FullName, "README.md")))
        {
            readme = readme.Parent;
        }

        Assert.NotNull(readme);
        string text = File.ReadAllText(Path.Combine(readme.FullName, "README.md"));
        int start = text.IndexOf("```yaml\n", StringComparison.Ordinal) + "```yaml\n".Length;
        string yaml = text[start..text.IndexOf("```", start, StringComparison.Ordinal)];
        string path = Write("readme.yaml", yaml);
        var options = CommandLine.Parse(["--scenario", path, "--set", "traffic.packets=2048"]).Options;
        Assert.Equal(("my-rps", 4, 600), (options.Name, options.Cpus, options.Net.NetdevBudget));
        ScenarioRunner.Run(options);
    }

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}

/// <summary>Scenario files that would crash or silently lose input are refused by name and line.</summary>
public class ScenarioFileShapeTests
{
    [Fact]
    public void DeeplyNestedYaml_IsRefused_NotAStackOverflow()
    {
        string yaml = "name: deep\ntraffic: " + new string('[', 20_000) + new string(']', 20_000) + "\n";
        var error = Assert.Throws<ArgumentException>(() => ScenarioFile.Parse(yaml, "deep.yaml"));
        Assert.Contains("nested deeper than", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("deep.yaml:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASecondYamlDocument_IsRefused_NotIgnored()
    {
        var error = Assert.Throws<ArgumentException>(() => ScenarioFile.Parse("name: one\n---\nname: two\n", "two.yaml"));
        Assert.Contains("second YAML document", error.Message, StringComparison.Ordinal);
    }
}

/// <summary>A knob the run's protocol never reads is refused, naming it, instead of being silently ignored.</summary>
public class IgnoredKnobTests
{
    [Theory]
    [InlineData("wire.loss=2")]
    [InlineData("wire.reorder=1")]
    [InlineData("app.lock_hold_us=100")]
    [InlineData("app.listen_backlog=4")]
    [InlineData("app.threads=2")]
    public void TcpKnob_OnAUdpRun_IsRefusedByName(string setting)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => ScenarioRunner.Options("default", setting));
        Assert.StartsWith(setting.Split('=')[0], error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("socket.udp_gro=on")]
    [InlineData("sockets=4")]
    public void UdpKnob_OnATcpRun_IsRefusedByName(string setting)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => ScenarioRunner.Options("default", "traffic.protocol=tcp", setting));
        Assert.StartsWith(setting.Split('=')[0], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AppThreads_ForUdpEventLoops_StillApplies() =>
        Assert.Equal(2, ScenarioRunner.Options("epoll-many", "app.threads=2").Tcp.Threads);
}
