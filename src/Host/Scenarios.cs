namespace ActorStack.Host;

/// <summary>
/// The shipped scenarios: each a named set of knob settings (the same keys as --set) that shows one phenomenon of the
/// receive path. Options given after --scenario override its settings.
/// </summary>
public static class Scenarios
{
    /// <summary>The scenarios, by name.</summary>
    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("default", "Two CPUs, one RX queue on CPU 0, two UDP sockets read on CPU 1 and 0: the path end to end.", []),
        new(
            "single-queue",
            "4 CPUs, ONE RX queue: CPU 0 takes every interrupt and all softirq work and saturates while the others idle. Compare rss-2 and rss-4.",
            ["cpus=4", "ethtool.combined=1", "traffic.flows=64", "sockets=4", "traffic.rate=1200000", "traffic.packets=60000", "app.cpus=0,1,2,3", "mode=deterministic"]),
        new(
            "rss-2",
            "As single-queue, with RSS over 2 queues (vectors on CPUs 0 and 1): the load splits by Toeplitz hash.",
            ["cpus=4", "ethtool.combined=2", "traffic.flows=64", "sockets=4", "traffic.rate=1200000", "traffic.packets=60000", "app.cpus=0,1,2,3", "mode=deterministic"]),
        new(
            "rss-4",
            "As single-queue, with RSS over 4 queues, one per CPU: every CPU shares the softirq work.",
            ["cpus=4", "ethtool.combined=4", "traffic.flows=64", "sockets=4", "traffic.rate=1200000", "traffic.packets=60000", "app.cpus=0,1,2,3", "mode=deterministic"]),
        new(
            "rps",
            "One queue on CPU 0 with rps_cpus=6: CPU 0 only polls the ring and steers packets by hash to the backlogs of CPUs 1 and 2, which it wakes with IPIs (softnet_stat column 10, received_rps). Trains of 2048 frames outrun the backlogs: with netdev_max_backlog 100 they overflow (column 2, CPU_BACKLOG). Try --set net.core.netdev_max_backlog=1000.",
            ["cpus=4", "ethtool.combined=1", "ethtool.rx=4096", "queues.rps_cpus=6", "traffic.flows=64", "sockets=4", "traffic.rate=500000", "traffic.burst=2048", "traffic.packets=61440", "net.core.netdev_max_backlog=100", "app.cpus=3,3,3,3", "socket.rcvbuf=4194304", "mode=deterministic"]),
        new(
            "rfs-migrate",
            "RFS: one connected socket whose reader migrates CPU 1 → 2 → 3 every 2 ms. rps_sock_flow_entries and rps_flow_cnt let softirq follow the reader; the last_qtail rule moves the flow only once its old backlog is drained, so order is kept.",
            ["cpus=4", "ethtool.combined=1", "queues.rps_cpus=e", "queues.rps_flow_cnt=256", "net.core.rps_sock_flow_entries=1024", "socket.connected=on", "traffic.flows=1", "sockets=1", "app.cpus=1", "app.migrate_cpus=2,3", "app.migrate_period_us=2000", "traffic.rate=300000", "traffic.packets=6000", "mode=deterministic"]),
        new(
            "livelock",
            "Receive livelock: a legacy driver (driver.napi=off) does all receive work in its interrupt handler, which preempts the softirq that must finish each packet. Sweep traffic.rate with driver.napi on and off to see delivery collapse without NAPI and plateau with it.",
            ["cpus=2", "ethtool.combined=1", "driver.napi=off", "traffic.flows=4", "sockets=1", "app.cpus=1", "traffic.rate=400000", "traffic.packets=40000", "mode=deterministic"]),
        new(
            "squeeze",
            "Budget exhaustion: 5 RX queues whose vectors all land on CPU 0, which also runs one of the readers. Each net_rx_action polls every NAPI once with weight 64, so 5 busy NAPIs (320) spend netdev_budget (300) before the list is done: time_squeeze climbs (softnet_stat column 3). Work left over restarts the softirq up to 10 times within 2 ms, then ksoftirqd/0 takes over and shares CPU 0 with the reader (mpstat %soft vs %usr).",
            ["cpus=2", "ethtool.combined=5", "irq.affinity=0,0,0,0,0", "traffic.flows=64", "sockets=2", "app.cpus=0,1", "traffic.rate=2000000", "traffic.packets=60000", "mode=deterministic"]),
    ];

    /// <summary>The scenario named <paramref name="name"/>; an error listing the names otherwise.</summary>
    public static Scenario Find(string name) =>
        All.FirstOrDefault(s => s.Name == name)
        ?? throw new ArgumentException($"unknown scenario '{name}'. Shipped: {string.Join(", ", All.Select(s => s.Name))}.");

    /// <summary>Applies <paramref name="scenario"/>'s settings to <paramref name="options"/>.</summary>
    public static ScenarioOptions Apply(ScenarioOptions options, Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        foreach (var setting in scenario.Settings)
        {
            options = Knobs.Apply(options, setting);
        }

        return options;
    }
}

/// <summary>A shipped scenario: name, what it shows, and its settings (KEY=VALUE).</summary>
public sealed record Scenario(string Name, string Description, IReadOnlyList<string> Settings);
