using System.Globalization;
using ActorStack.Softirq;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ActorStack.Host;

/// <summary>
/// A scenario in YAML: topology, kernel knobs under their own names, sockets, application threads and traffic.
/// Every leaf maps to one knob (the keys of --set), so a file and the command line mean the same thing. Errors name
/// the file, the line, the YAML key and what is allowed; nothing runs on an error.
/// </summary>
/// <example>
/// <code>
/// name: rps
/// description: one queue, RPS to CPUs 1-2
/// mode: deterministic
/// seed: 1
/// topology:
///   cpus: 4
///   nic: { queues: 1, ring: 4096, irq_affinity: [0], rps_cpus: "6" }
/// sysctl:
///   net.core.netdev_max_backlog: 100
/// ethtool:
///   -C: { adaptive-rx: on }
/// sockets: { count: 4, rcvbuf: 4194304 }
/// app: { cpus: [3, 3, 3, 3] }
/// traffic: { flows: 64, rate: 500000, burst: 2048, packets: 61440, pattern: constant }
/// </code>
/// </example>
public static class ScenarioFile
{
    // YAML path → knob key. A "*" entry maps every child key under its own name (sysctl, sysfs, costs).
    private static readonly Dictionary<string, string> Paths = new()
    {
        ["mode"] = "mode",
        ["seed"] = "seed",
        ["topology.cpus"] = "cpus",
        ["topology.nic.queues"] = "ethtool.combined",
        ["topology.nic.ring"] = "ethtool.rx",
        ["topology.nic.irq_affinity"] = "irq.affinity",
        ["topology.nic.rps_cpus"] = "queues.rps_cpus",
        ["topology.nic.rps_flow_cnt"] = "queues.rps_flow_cnt",
        ["topology.nic.napi"] = "driver.napi",
        ["ethtool.-L.combined"] = "ethtool.combined",
        ["ethtool.-G.rx"] = "ethtool.rx",
        ["ethtool.-C.adaptive-rx"] = "ethtool.adaptive-rx",
        ["ethtool.-C.rx-usecs"] = "ethtool.rx-usecs",
        ["ethtool.-C.rx-frames"] = "ethtool.rx-frames",
        ["ethtool.-K.gro"] = "ethtool.gro",
        ["ethtool.-X"] = "ethtool.indir",
        ["sysfs.gro_flush_timeout"] = "sysfs.gro_flush_timeout",
        ["sysfs.napi_defer_hard_irqs"] = "sysfs.napi_defer_hard_irqs",
        ["sockets.count"] = "sockets",
        ["sockets.rcvbuf"] = "socket.rcvbuf",
        ["sockets.connected"] = "socket.connected",
        ["sockets.udp_gro"] = "socket.udp_gro",
        ["sockets.reuseport"] = "socket.reuseport",
        ["sockets.rcvlowat"] = "socket.rcvlowat",
        ["sockets.busy_poll"] = "socket.busy_poll",
        ["sockets.busy_poll_budget"] = "socket.busy_poll_budget",
        ["sockets.prefer_busy_poll"] = "socket.prefer_busy_poll",
        ["app.listen_backlog"] = "app.listen_backlog",
        ["app.threads"] = "app.threads",
        ["app.wait"] = "app.wait",
        ["app.epoll_flags"] = "app.epoll_flags",
        ["app.maxevents"] = "app.maxevents",
        ["app.vlen"] = "app.vlen",
        ["app.recv_bytes"] = "app.recv_bytes",
        ["app.lock_hold_us"] = "app.lock_hold_us",
        ["app.think_us"] = "app.think_us",
        ["traffic.protocol"] = "traffic.protocol",
        ["traffic.dst"] = "traffic.dst",
        ["traffic.ttl"] = "traffic.ttl",
        ["traffic.connect_gap_us"] = "traffic.connect_gap_us",
        ["wire.delay_us"] = "wire.delay_us",
        ["wire.loss"] = "wire.loss",
        ["wire.reorder"] = "wire.reorder",
        ["wire.reorder_delay_us"] = "wire.reorder_delay_us",
        ["app.read"] = "app.read",
        ["app.cpus"] = "app.cpus",
        ["app.migrate_cpus"] = "app.migrate_cpus",
        ["app.migrate_period_us"] = "app.migrate_period_us",
        ["traffic.packets"] = "traffic.packets",
        ["traffic.rate"] = "traffic.rate",
        ["traffic.flows"] = "traffic.flows",
        ["traffic.payload"] = "traffic.payload",
        ["traffic.pattern"] = "traffic.pattern",
        ["traffic.burst"] = "traffic.burst",
        ["netfilter.rules"] = "netfilter.rules",
    };

    // Sections whose keys are knob names themselves (sysctl: net.core.netdev_budget: 600).
    private static readonly Dictionary<string, Func<string, string?>> OpenSections = new()
    {
        ["sysctl"] = key => key.StartsWith("net.core.", StringComparison.Ordinal) || key.StartsWith("net.ipv4.", StringComparison.Ordinal) || key == "kernel.hz" ? key : null,
        ["costs"] = key => key == "jitter_percent" ? "cost.jitter_percent" : CpuCosts.Names.Contains(key) ? "cost." + key : null,
    };

    private static readonly string[] TopLevel = ["name", "description", "mode", "seed", "topology", "sysctl", "ethtool", "sysfs", "sockets", "app", "traffic", "wire", "netfilter", "costs"];

    /// <summary>True if <paramref name="nameOrPath"/> looks like a file rather than a shipped scenario's name.</summary>
    public static bool IsFile(string nameOrPath) =>
        nameOrPath.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || nameOrPath.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    /// <summary>Loads <paramref name="path"/>; an error names the file, line and key.</summary>
    public static Scenario Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new ArgumentException($"{path}: no such scenario file.");
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Deepest nesting a scenario file may have (the real ones use 3; YamlDotNet's loader recurses).</summary>
    public const int MaxDepth = 32;

    // Before the (recursive) loader sees it: one document, nested at most MaxDepth deep. Reads parser events, which
    // does not recurse, so a hostile file cannot overflow the stack.
    private static void CheckShape(string yaml, string source)
    {
        var parser = new YamlDotNet.Core.Parser(new StringReader(yaml));
        int depth = 0, documents = 0;
        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case YamlDotNet.Core.Events.DocumentStart:
                        if (++documents > 1)
                        {
                            throw new ArgumentException($"{source}:{parser.Current.Start.Line}: a second YAML document; a scenario file holds one.");
                        }

                        break;
                    case YamlDotNet.Core.Events.MappingStart or YamlDotNet.Core.Events.SequenceStart:
                        if (++depth > MaxDepth)
                        {
                            throw new ArgumentException($"{source}:{parser.Current.Start.Line}: nested deeper than {MaxDepth} levels.");
                        }

                        break;
                    case YamlDotNet.Core.Events.MappingEnd or YamlDotNet.Core.Events.SequenceEnd:
                        depth--;
                        break;
                }
            }
        }
        catch (YamlException error)
        {
            throw new ArgumentException($"{source}:{error.Start.Line}: not valid YAML: {error.InnerException?.Message ?? error.Message}", error);
        }
    }

    /// <summary>Parses scenario YAML; <paramref name="source"/> names it in errors.</summary>
    public static Scenario Parse(string yaml, string source)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        CheckShape(yaml, source);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException error)
        {
            throw new ArgumentException($"{source}:{error.Start.Line}: not valid YAML: {error.InnerException?.Message ?? error.Message}", error);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new ArgumentException($"{source}: a scenario file is a YAML mapping (name:, topology:, sysctl:, traffic: ...).");
        }

        string? name = null;
        string description = string.Empty;
        var settings = new List<ScenarioSetting>();
        foreach (var (keyNode, value) in root.Children)
        {
            string key = KeyOf(keyNode, source);
            if (!TopLevel.Contains(key))
            {
                throw Error(source, keyNode, key, $"unknown key; allowed: {string.Join(", ", TopLevel)}");
            }

            switch (key)
            {
                case "name":
                    name = Scalar(value, source, key);
                    break;
                case "description":
                    description = Scalar(value, source, key);
                    break;
                default:
                    Collect(key, value, source, settings);
                    break;
            }
        }

        name ??= Path.GetFileNameWithoutExtension(source);
        var scenario = new Scenario(name, description, settings.Select(s => $"{s.Knob}={s.Value}").ToArray()) { Source = source, Lines = settings };
        // Apply and validate now, so every mistake is reported before anything runs.
        _ = scenario.ApplyTo(new ScenarioOptions());
        return scenario;
    }

    private static void Collect(string path, YamlNode node, string source, List<ScenarioSetting> settings)
    {
        if (OpenSections.TryGetValue(path, out var open))
        {
            var map = node as YamlMappingNode ?? throw Error(source, node, path, "expected a mapping of knob: value");
            foreach (var (keyNode, value) in map.Children)
            {
                string key = KeyOf(keyNode, source);
                string knob = open(key) ?? throw Error(source, keyNode, $"{path}.{key}", path == "sysctl"
                    ? "unknown sysctl; allowed: net.core.*, net.ipv4.* (see keys) and kernel.hz"
                    : $"unknown cost; allowed: jitter_percent, {string.Join(", ", CpuCosts.Names)}");
                settings.Add(new ScenarioSetting(knob, ValueOf(value, source, $"{path}.{key}"), $"{path}.{key}", (int)value.Start.Line));
            }

            return;
        }

        if (Paths.TryGetValue(path, out string? direct))
        {
            settings.Add(new ScenarioSetting(direct, ValueOf(node, source, path), path, (int)node.Start.Line));
            return;
        }

        if (node is not YamlMappingNode mapping)
        {
            var children = Paths.Keys.Where(p => p.StartsWith(path + ".", StringComparison.Ordinal)).ToArray();
            throw Error(source, node, path, children.Length > 0
                ? $"expected a mapping with {string.Join(", ", children.Select(c => c[(path.Length + 1)..]))}"
                : "not a setting");
        }

        foreach (var (keyNode, value) in mapping.Children)
        {
            string child = $"{path}.{KeyOf(keyNode, source)}";
            if (!Paths.ContainsKey(child) && !Paths.Keys.Any(p => p.StartsWith(child + ".", StringComparison.Ordinal)))
            {
                var known = Paths.Keys.Where(p => p.StartsWith(path + ".", StringComparison.Ordinal)).Select(p => p[(path.Length + 1)..].Split('.')[0]).Distinct();
                throw Error(source, keyNode, child, $"unknown key; allowed under {path}: {string.Join(", ", known)}");
            }

            Collect(child, value, source, settings);
        }
    }

    // A scalar, or a flow/block sequence of scalars joined with commas (CPU lists, payload mixes).
    private static string ValueOf(YamlNode node, string source, string path) => node switch
    {
        YamlScalarNode scalar => scalar.Value ?? string.Empty,
        YamlSequenceNode sequence => string.Join(',', sequence.Children.Select(c => c is YamlScalarNode s
            ? s.Value ?? string.Empty
            : throw Error(source, c, path, "expected a list of plain values"))),
        _ => throw Error(source, node, path, "expected a value or a list of values, not a mapping"),
    };

    private static string Scalar(YamlNode node, string source, string path) =>
        node is YamlScalarNode scalar ? scalar.Value ?? string.Empty : throw Error(source, node, path, "expected a text value");

    private static string KeyOf(YamlNode node, string source) =>
        node is YamlScalarNode { Value: { } key } ? key : throw new ArgumentException($"{source}:{node.Start.Line}: keys must be plain text.");

    private static ArgumentException Error(string source, YamlNode node, string path, string message) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{source}:{node.Start.Line}: {path}: {message}."));
}

/// <summary>One setting a scenario file made: the knob, its value, and where in the file it came from.</summary>
public sealed record ScenarioSetting(string Knob, string Value, string Path, int Line);
