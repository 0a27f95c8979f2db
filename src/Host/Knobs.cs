using ActorStack.Sockets.Poll;
using System.Globalization;
using ActorStack.Engine;
using ActorStack.Nic;
using ActorStack.Nic.Drivers;
using ActorStack.Softirq;

namespace ActorStack.Host;

/// <summary>
/// Every setting of a scenario under the name a Linux user knows it by: sysctls (net.core.netdev_budget),
/// ethtool settings (ethtool.combined for -L, ethtool.rx-usecs for -C, ethtool.indir for -X), sysfs files
/// (queues.rps_cpus), and the model's own (cost.*, traffic.*, app.*). `--set KEY=VALUE` and scenario presets go
/// through here; an unknown key or a bad value is an error naming the key and what is allowed.
/// </summary>
public static class Knobs
{
    private static readonly (string Key, string Help)[] KnownKeys =
    [
        ("mode", "live | deterministic"),
        ("seed", "interleaving seed"),
        ("cpus", "simulated CPUs"),
        ("kernel.hz", "CONFIG_HZ: 100 | 250 | 300 | 1000"),
        ("net.core.netdev_budget", "packets per net_rx_action (300)"),
        ("net.core.netdev_budget_usecs", "µs per net_rx_action (2 jiffies)"),
        ("net.core.dev_weight", "backlog NAPI quota (64)"),
        ("net.core.netdev_max_backlog", "per-CPU backlog limit (1000)"),
        ("net.core.rps_sock_flow_entries", "RFS socket flow table (0 = off)"),
        ("net.core.flow_limit_cpu_bitmap", "hex CPU mask with flow limit on (0)"),
        ("net.core.flow_limit_table_len", "flow limit buckets (4096)"),
        ("net.core.rmem_default", "default sk_rcvbuf (212992)"),
        ("net.core.rmem_max", "SO_RCVBUF cap (4194304)"),
        ("net.core.busy_read", "µs a blocking read (UDP recvfrom, TCP recv) busy polls the socket's NAPI before sleeping (0 = off)"),
        ("net.core.busy_poll", "µs select/poll busy poll (0; other values are refused: not modelled)"),
        ("ethtool.combined", "ethtool -L combined N: RX queues"),
        ("ethtool.rx", "ethtool -G rx N: ring size"),
        ("ethtool.rx-usecs", "ethtool -C rx-usecs N"),
        ("ethtool.rx-frames", "ethtool -C rx-frames N"),
        ("ethtool.adaptive-rx", "ethtool -C adaptive-rx on|off"),
        ("ethtool.indir", "ethtool -X: 'equal N' or 'weight W0 W1 ...'"),
        ("irq.affinity", "smp_affinity_list per queue vector: CPU,CPU,... (default: queue i on CPU i mod CPUs)"),
        ("queues.rps_cpus", "rps_cpus hex mask, one for all queues or one per queue: f | 2,4"),
        ("queues.rps_flow_cnt", "rps_flow_cnt of every queue (0 = no RFS flow table)"),
        ("driver.napi", "on (NAPI) | off (legacy: all work in the IRQ handler, netif_rx)"),
        ("driver.kind", "ixgbe | mlx5 | virtio_net | veth | loopback: skb allocation and truesize, receive path, ethtool -i/-S (veth, loopback: the sender runs on traffic.sender_cpu and its xmit feeds that CPU's backlog)"),
        ("traffic.sender_cpu", "veth, loopback: the CPU the sending thread runs on (0)"),
        ("app.start_ms", "the application threads start this many ms of model time after the traffic (0): a reader that finds its socket already filled"),
        ("traffic.packets", "datagrams to send"),
        ("traffic.rate", "offered datagrams per second"),
        ("traffic.flows", "UDP flows"),
        ("traffic.payload", "UDP payload bytes 0..1472 (order is checked from 12 bytes up, which carry flow and sequence), or a list used in turn: 64,512,1472"),
        ("traffic.pattern", "constant | poisson | incast (every flow sends traffic.burst at once, in rounds)"),
        ("traffic.burst", "frames back to back per departure"),
        ("traffic.malformed", "UDP: share of frames corrupted on the wire, 0..1 (truncated, bad checksums, lengths, ihl, fragments, TCP doff/flags, TTL 0, version, random bytes)"),
        ("traffic.protocol", "udp (datagrams to bound sockets) | tcp (connections to a listener on port 5000, one per flow)"),
        ("net.ipv4.tcp_rmem", "TCP receive buffer: 'min default max' (4096 131072 33554432)"),
        ("net.core.somaxconn", "listen backlog cap (4096)"),
        ("net.ipv4.tcp_max_syn_backlog", "SYN queue limit without cookies (1024)"),
        ("net.ipv4.tcp_syncookies", "0 | 1 (cookies when the SYN queue overflows) | 2 (always)"),
        ("net.ipv4.tcp_moderate_rcvbuf", "on | off: receive buffer autotuning"),
        ("app.listen_backlog", "TCP: listen() backlog (128)"),
        ("app.threads", "TCP: reading threads, each accepts a connection and reads it to the end (0: one per connection); UDP with app.wait select/poll/epoll: event-loop threads sharing the sockets round robin (0: one)"),
        ("app.wait", "how threads wait: block (recvfrom/accept) | select | poll | epoll (UDP event loop; TCP: block or epoll for accept)"),
        ("app.epoll_flags", "none | EPOLLET, EPOLLONESHOT, EPOLLEXCLUSIVE (comma-separated) added to EPOLLIN"),
        ("app.maxevents", "epoll_wait() maxevents (64)"),
        ("app.vlen", "UDP: datagrams per read, 1 = recvfrom, more = recvmmsg(vlen, MSG_WAITFORONE)"),
        ("app.recv_bytes", "TCP: recv() len (65536)"),
        ("app.lock_hold_us", "TCP: work per recv while the reader owns the socket (a slow reader holding the lock)"),
        ("app.think_us", "TCP: work per recv after releasing the socket"),
        ("socket.rcvlowat", "TCP: setsockopt(SO_RCVLOWAT) (1)"),
        ("wire.delay_us", "TCP: one-way delay between peer and host, µs (50)"),
        ("wire.loss", "TCP: percent of frames toward the host lost on the wire"),
        ("wire.reorder", "TCP: percent of frames toward the host held back by wire.reorder_delay_us"),
        ("wire.reorder_delay_us", "TCP: extra delay of a reordered frame, µs (100)"),
        ("net.ipv4.ip_forward", "on | off: route packets for other addresses (FORWARD chain, ForwDatagrams)"),
        ("traffic.dst", "UDP flows' destination address (default: the host, 10.0.0.1); another address is forwarded or refused"),
        ("traffic.dport", "UDP flows' destination port (default: the sockets' own, 5000..); a port no socket is bound to is a closed port: NoPorts, ICMP port unreachable"),
        ("traffic.ttl", "UDP flows' IP TTL (64)"),
        ("traffic.connect_gap_us", "TCP: µs between successive connections' first SYN (0: all at once)"),
        ("sockets", "bound UDP sockets (ports 5000..)"),
        ("socket.rcvbuf", "setsockopt(SO_RCVBUF) on every socket"),
        ("socket.udp_gro", "on | off: setsockopt(UDP_GRO) on every socket, so GRO may merge its datagrams"),
        ("ethtool.gro", "ethtool -K gro on|off (on)"),
        ("sysfs.gro_flush_timeout", "/sys/class/net/eth0/gro_flush_timeout, ns (0)"),
        ("sysfs.napi_defer_hard_irqs", "/sys/class/net/eth0/napi_defer_hard_irqs (0)"),
        ("socket.busy_poll", "setsockopt(SO_BUSY_POLL) µs on every socket (default: net.core.busy_read)"),
        ("socket.busy_poll_budget", "setsockopt(SO_BUSY_POLL_BUDGET): packets per busy-poll call (0 = BUSY_POLL_BUDGET, 8)"),
        ("socket.prefer_busy_poll", "on | off: setsockopt(SO_PREFER_BUSY_POLL)"),
        ("socket.reuseport", "on | off: SO_REUSEPORT on every socket, all bound to port 5000 (one group, hash-selected member)"),
        ("socket.connected", "on | off: connect() each socket to its single flow (RFS needs it)"),
        ("app.read", "on | off: readers call recvfrom()"),
        ("app.cpus", "reader thread CPU per socket: CPU,CPU,..."),
        ("app.migrate_cpus", "CPUs a reader moves through after its start CPU: CPU,CPU,..."),
        ("app.migrate_period_us", "µs between migrations"),
        ("netfilter.rules", "iptables rules, ';'-separated: [-t filter] -A INPUT|FORWARD or -t raw -A PREROUTING, then [-p udp|tcp|icmp] [-s A/L] [-d A/L] [--sport N] [--dport N] -j ACCEPT|DROP"),
        ("cost.jitter_percent", "deterministic mode: costs vary ± this % from the seed (10)"),
        ("cost.NAME", "ns per stage; NAME one of " + string.Join(", ", CpuCosts.Names)),
    ];

    /// <summary>Known keys with a line of help each.</summary>
    public static IReadOnlyList<(string Key, string Help)> Keys => KnownKeys;

    /// <summary>Applies "KEY=VALUE".</summary>
    public static ScenarioOptions Apply(ScenarioOptions options, string assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        int eq = assignment.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            throw new ArgumentException($"--set {assignment}: expected KEY=VALUE.");
        }

        return Apply(options, assignment[..eq].Trim(), assignment[(eq + 1)..].Trim());
    }

    /// <summary>Applies one setting.</summary>
    public static ScenarioOptions Apply(ScenarioOptions o, string key, string value)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        if (key == "cost.jitter_percent")
        {
            return o with { CostJitterPercent = Int(key, value) };
        }

        if (key.StartsWith("cost.", StringComparison.Ordinal))
        {
            string cost = key["cost.".Length..];
            long nanos = Long(key, value);
            if (!CpuCosts.Names.Contains(cost))
            {
                throw new SettingException(key, $"unknown cost '{cost}'; known: {string.Join(", ", CpuCosts.Names)}.");
            }

            return nanos >= 0 ? o with { Costs = o.Costs.With(cost, nanos) } : throw Bad(key, value, "ns >= 0");
        }

        return key switch
        {
            "mode" => o with
            {
                Mode = value switch
                {
                    "live" => ExecutionMode.Live,
                    "deterministic" => ExecutionMode.Deterministic,
                    _ => throw Bad(key, value, "live or deterministic"),
                },
            },
            "seed" => o with { Seed = Int(key, value) },
            "cpus" => o with { Cpus = Int(key, value) },
            "kernel.hz" => o with { Net = o.Net with { Hz = Int(key, value) } },
            "net.core.netdev_budget" => o with { Net = o.Net with { NetdevBudget = Int(key, value) } },
            "net.core.netdev_budget_usecs" => o with { Net = o.Net with { NetdevBudgetUsecs = Int(key, value) } },
            "net.core.dev_weight" => o with { Net = o.Net with { DevWeight = Int(key, value) } },
            "net.core.netdev_max_backlog" => o with { Net = o.Net with { NetdevMaxBacklog = Int(key, value) } },
            "net.core.rps_sock_flow_entries" => o with { Net = o.Net with { RpsSockFlowEntries = Int(key, value) } },
            "net.core.flow_limit_cpu_bitmap" => o with { Net = o.Net with { FlowLimitCpuBitmap = Hex(key, value) } },
            "net.core.flow_limit_table_len" => o with { Net = o.Net with { FlowLimitTableLen = Int(key, value) } },
            "net.core.rmem_default" => o with { Net = o.Net with { RmemDefault = Int(key, value) } },
            "net.core.rmem_max" => o with { Net = o.Net with { RmemMax = Int(key, value) } },
            "net.core.busy_read" => o with { Net = o.Net with { BusyRead = Int(key, value) } },
            "net.core.busy_poll" => o with { Net = o.Net with { BusyPoll = Int(key, value) } },
            "socket.busy_poll" => o with { SoBusyPoll = value == "default" ? null : Int(key, value) },
            "socket.busy_poll_budget" => o with { BusyPollBudget = Int(key, value) },
            "socket.prefer_busy_poll" => o with { PreferBusyPoll = OnOff(key, value) },
            "ethtool.combined" => o with { Nic = o.Nic with { Queues = Int(key, value) } },
            "ethtool.rx" => o with { Nic = o.Nic with { RxRingSize = Int(key, value) } },
            "ethtool.rx-usecs" => o with { Nic = o.Nic with { RxUsecs = Int(key, value), AdaptiveRx = false } },
            "ethtool.rx-frames" => o with { Nic = o.Nic with { RxFrames = Int(key, value), AdaptiveRx = false } },
            "ethtool.adaptive-rx" => o with { Nic = o.Nic with { AdaptiveRx = OnOff(key, value) } },
            "ethtool.indir" => o with { Nic = o.Nic with { Indirection = Indirection(key, value) } },
            "irq.affinity" => o with { Nic = o.Nic with { IrqAffinity = value == "default" ? null : IntList(key, value) } },
            "queues.rps_cpus" => o with { Nic = o.Nic with { RpsCpus = HexList(key, value) } },
            "queues.rps_flow_cnt" => o with { Nic = o.Nic with { RpsFlowCnt = Int(key, value) } },
            "driver.napi" => o with { Nic = o.Nic with { Napi = OnOff(key, value) } },
            "driver.kind" => o with { Nic = o.Nic with { Driver = DriverKinds.Parse(key, value) } },
            "traffic.sender_cpu" => o with { SenderCpu = Int(key, value) },
            "app.start_ms" => o with { AppStartMs = Int(key, value) },
            "traffic.packets" => o with { Packets = Int(key, value) },
            "traffic.rate" => o with { RatePps = Long(key, value) },
            "traffic.flows" => o with { Flows = Int(key, value) },
            "traffic.payload" => o with { PayloadSizes = IntList(key, value) },
            "traffic.pattern" => o with
            {
                Pattern = value switch
                {
                    "constant" => TrafficPattern.Constant,
                    "poisson" => TrafficPattern.Poisson,
                    "incast" => TrafficPattern.Incast,
                    _ => throw Bad(key, value, "constant, poisson or incast"),
                },
            },
            "traffic.burst" => o with { Burst = Int(key, value) },
            "traffic.malformed" => o with { MalformedShare = Double(key, value) },
            "traffic.protocol" => o with
            {
                Protocol = value switch
                {
                    "udp" => TrafficProtocol.Udp,
                    "tcp" => TrafficProtocol.Tcp,
                    _ => throw Bad(key, value, "udp or tcp"),
                },
            },
            "net.ipv4.tcp_rmem" => o with { Tcp = o.Tcp with { Rmem = value.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries).Select(v => Int(key, v)).ToArray() } },
            "net.core.somaxconn" => o with { Tcp = o.Tcp with { Somaxconn = Int(key, value) } },
            "net.ipv4.tcp_max_syn_backlog" => o with { Tcp = o.Tcp with { MaxSynBacklog = Int(key, value) } },
            "net.ipv4.tcp_syncookies" => o with { Tcp = o.Tcp with { Syncookies = Int(key, value) } },
            "net.ipv4.tcp_moderate_rcvbuf" => o with { Tcp = o.Tcp with { ModerateRcvbuf = OnOff(key, value) } },
            "app.listen_backlog" => o with { Tcp = o.Tcp with { ListenBacklog = Int(key, value) } },
            "app.threads" => o with { Tcp = o.Tcp with { Threads = Int(key, value) } },
            "app.wait" => o with { Wait = WaitModeOf(key, value) },
            "app.epoll_flags" => o with { EpollFlags = EpollFlagsOf(key, value) },
            "app.maxevents" => o with { MaxEvents = Int(key, value) },
            "app.vlen" => o with { Vlen = Int(key, value) },
            "app.recv_bytes" => o with { Tcp = o.Tcp with { RecvBytes = Int(key, value) } },
            "app.lock_hold_us" => o with { Tcp = o.Tcp with { LockHoldUs = Long(key, value) } },
            "app.think_us" => o with { Tcp = o.Tcp with { ThinkUs = Long(key, value) } },
            "socket.rcvlowat" => o with { Tcp = o.Tcp with { RcvLowat = Int(key, value) } },
            "wire.delay_us" => o with { Tcp = o.Tcp with { WireDelayUs = Long(key, value) } },
            "wire.loss" => o with { Tcp = o.Tcp with { LossPercent = Double(key, value) } },
            "wire.reorder" => o with { Tcp = o.Tcp with { ReorderPercent = Double(key, value) } },
            "wire.reorder_delay_us" => o with { Tcp = o.Tcp with { ReorderDelayUs = Long(key, value) } },
            "net.ipv4.ip_forward" => o with { IpForward = OnOff(key, value) },
            "traffic.dst" => o with { TrafficDestination = value == "default" ? null : value },
            "traffic.dport" => o with { TrafficDestinationPort = value == "default" ? null : Int(key, value) },
            "traffic.ttl" => o with { TrafficTtl = Int(key, value) },
            "traffic.connect_gap_us" => o with { Tcp = o.Tcp with { ConnectGapUs = Long(key, value) } },
            "sockets" => o with { Sockets = Int(key, value) },
            "socket.rcvbuf" => o with { SoRcvbuf = value == "default" ? null : Int(key, value) },
            "socket.udp_gro" => o with { UdpGro = OnOff(key, value) },
            "ethtool.gro" => o with { Nic = o.Nic with { Gro = OnOff(key, value) } },
            "sysfs.gro_flush_timeout" => o with { Nic = o.Nic with { GroFlushTimeout = Long(key, value) } },
            "sysfs.napi_defer_hard_irqs" => o with { Nic = o.Nic with { NapiDeferHardIrqs = Int(key, value) } },
            "socket.connected" => o with { ConnectedSockets = OnOff(key, value) },
            "socket.reuseport" => o with { ReusePort = OnOff(key, value) },
            "app.read" => o with { AppReads = OnOff(key, value) },
            "app.cpus" => o with { ReaderCpus = value == "default" ? null : IntList(key, value) },
            "app.migrate_cpus" => o with { MigrateCpus = value == "none" ? [] : IntList(key, value) },
            "app.migrate_period_us" => o with { MigratePeriodUs = Long(key, value) },
            "netfilter.rules" => o with { NetfilterRules = value.Split([';', ','], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) },
            _ => throw new SettingException(key, $"unknown key '{key}'. Known keys: {string.Join(", ", KnownKeys.Select(k => k.Key))}."),
        };
    }

    /// <summary>
    /// Every knob's current value in <paramref name="o"/>, formatted so that applying it gives the same setting back
    /// where the value is "default" or "none" that word means the setting is unset (what a result file records and
    /// compare diffs). Model-only costs are included under cost.*.
    /// </summary>
    public static IReadOnlyList<(string Key, string Value)> Current(ScenarioOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        string OnOffText(bool on) => on ? "on" : "off";
        string IntsText(IEnumerable<int>? values) => values is null ? "default" : string.Join(',', values);
        string Inv(long v) => v.ToString(CultureInfo.InvariantCulture);
        var list = new List<(string, string)>
        {
            ("mode", o.Mode == ExecutionMode.Live ? "live" : "deterministic"),
            ("seed", Inv(o.Seed)),
            ("cpus", Inv(o.Cpus)),
            ("kernel.hz", Inv(o.Net.Hz)),
            ("net.core.netdev_budget", Inv(o.Net.NetdevBudget)),
            ("net.core.netdev_budget_usecs", Inv(o.Net.EffectiveBudgetUsecs)),
            ("net.core.dev_weight", Inv(o.Net.DevWeight)),
            ("net.core.netdev_max_backlog", Inv(o.Net.NetdevMaxBacklog)),
            ("net.core.rps_sock_flow_entries", Inv(o.Net.RpsSockFlowEntries)),
            ("net.core.flow_limit_cpu_bitmap", o.Net.FlowLimitCpuBitmap.ToString("x", CultureInfo.InvariantCulture)),
            ("net.core.flow_limit_table_len", Inv(o.Net.FlowLimitTableLen)),
            ("net.core.rmem_default", Inv(o.Net.RmemDefault)),
            ("net.core.rmem_max", Inv(o.Net.RmemMax)),
            ("net.core.busy_read", Inv(o.Net.BusyRead)),
            ("net.core.busy_poll", Inv(o.Net.BusyPoll)),
            ("ethtool.combined", Inv(o.Nic.Queues)),
            ("ethtool.rx", Inv(o.Nic.RxRingSize)),
            ("ethtool.adaptive-rx", OnOffText(o.Nic.AdaptiveRx)),
            ("ethtool.rx-usecs", Inv(o.Nic.RxUsecs)),
            ("ethtool.rx-frames", Inv(o.Nic.RxFrames)),
            ("ethtool.indir", o.Nic.Indirection is null ? $"equal {o.Nic.Queues}" : "weight " + string.Join(' ', IndirectionWeights(o.Nic.Indirection, o.Nic.Queues))),
            ("ethtool.gro", OnOffText(o.Nic.Gro)),
            ("irq.affinity", IntsText(o.Nic.IrqAffinity)),
            ("queues.rps_cpus", o.Nic.RpsCpus is null ? "0" : string.Join(',', o.Nic.RpsCpus.Select(m => m.ToString("x", CultureInfo.InvariantCulture)))),
            ("queues.rps_flow_cnt", Inv(o.Nic.RpsFlowCnt)),
            ("sysfs.gro_flush_timeout", Inv(o.Nic.GroFlushTimeout)),
            ("sysfs.napi_defer_hard_irqs", Inv(o.Nic.NapiDeferHardIrqs)),
            ("driver.napi", OnOffText(o.Nic.Napi)),
            ("driver.kind", o.Nic.Profile.Name),
            ("traffic.sender_cpu", Inv(o.SenderCpu)),
            ("app.start_ms", Inv(o.AppStartMs)),
            ("traffic.packets", Inv(o.Packets)),
            ("traffic.rate", Inv(o.RatePps)),
            ("traffic.flows", Inv(o.Flows)),
            ("traffic.payload", string.Join(',', o.PayloadSizes)),
            ("traffic.pattern", o.Pattern.ToString().ToLowerInvariant()),
            ("traffic.burst", Inv(o.Burst)),
            ("traffic.malformed", o.MalformedShare.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("traffic.protocol", o.Protocol == TrafficProtocol.Tcp ? "tcp" : "udp"),
            ("net.ipv4.tcp_rmem", string.Join(' ', o.Tcp.Rmem)),
            ("net.core.somaxconn", Inv(o.Tcp.Somaxconn)),
            ("net.ipv4.tcp_max_syn_backlog", Inv(o.Tcp.MaxSynBacklog)),
            ("net.ipv4.tcp_syncookies", Inv(o.Tcp.Syncookies)),
            ("net.ipv4.tcp_moderate_rcvbuf", OnOffText(o.Tcp.ModerateRcvbuf)),
            ("app.listen_backlog", Inv(o.Tcp.ListenBacklog)),
            ("app.threads", Inv(o.Tcp.Threads)),
            ("app.wait", o.Wait.ToString().ToLowerInvariant()),
            ("app.epoll_flags", EpollFlagsText(o.EpollFlags)),
            ("app.maxevents", Inv(o.MaxEvents)),
            ("app.vlen", Inv(o.Vlen)),
            ("app.recv_bytes", Inv(o.Tcp.RecvBytes)),
            ("app.lock_hold_us", Inv(o.Tcp.LockHoldUs)),
            ("app.think_us", Inv(o.Tcp.ThinkUs)),
            ("socket.rcvlowat", Inv(o.Tcp.RcvLowat)),
            ("wire.delay_us", Inv(o.Tcp.WireDelayUs)),
            ("wire.loss", o.Tcp.LossPercent.ToString(CultureInfo.InvariantCulture)),
            ("wire.reorder", o.Tcp.ReorderPercent.ToString(CultureInfo.InvariantCulture)),
            ("wire.reorder_delay_us", Inv(o.Tcp.ReorderDelayUs)),
            ("net.ipv4.ip_forward", OnOffText(o.IpForward)),
            ("traffic.dst", o.TrafficDestination ?? "default"),
            ("traffic.dport", o.TrafficDestinationPort is int port ? Inv(port) : "default"),
            ("traffic.ttl", Inv(o.TrafficTtl)),
            ("traffic.connect_gap_us", Inv(o.Tcp.ConnectGapUs)),
            ("sockets", Inv(o.Sockets)),
            ("socket.rcvbuf", o.SoRcvbuf is int r ? Inv(r) : "default"),
            ("socket.udp_gro", OnOffText(o.UdpGro)),
            ("socket.connected", OnOffText(o.ConnectedSockets)),
            ("socket.reuseport", OnOffText(o.ReusePort)),
            ("socket.busy_poll", o.SoBusyPoll is int b ? Inv(b) : "default"),
            ("socket.busy_poll_budget", Inv(o.BusyPollBudget)),
            ("socket.prefer_busy_poll", OnOffText(o.PreferBusyPoll)),
            ("app.read", OnOffText(o.AppReads)),
            ("app.cpus", IntsText(o.ReaderCpus)),
            ("app.migrate_cpus", o.MigrateCpus.Count == 0 ? "none" : IntsText(o.MigrateCpus)),
            ("app.migrate_period_us", Inv(o.MigratePeriodUs)),
            ("netfilter.rules", string.Join("; ", o.NetfilterRules)),
            ("cost.jitter_percent", Inv(o.CostJitterPercent)),
        };
        list.AddRange(CpuCosts.Names.Select(n => ("cost." + n, Inv(o.Costs.Of(n)))));
        return list;
    }

    // The per-queue entry counts of an indirection table: ethtool -X weight reproduces the same fill.
    private static IEnumerable<int> IndirectionWeights(IReadOnlyList<int> table, int queues) =>
        Enumerable.Range(0, queues).Select(q => table.Count(e => e == q));

    private static int[] Indirection(string key, string value)
    {
        var words = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 2 && words[0] == "equal")
        {
            int n = Int(key, words[1]);
            return n >= 1 ? NicOptions.EqualIndirection(n) : throw Bad(key, value, "equal N with N >= 1");
        }

        if (words.Length >= 2 && words[0] == "weight")
        {
            return NicOptions.WeightedIndirection(words.Skip(1).Select(w => Int(key, w)).ToArray());
        }

        throw Bad(key, value, "'equal N' or 'weight W0 W1 ...'");
    }

    private static WaitMode WaitModeOf(string key, string value) => value switch
    {
        "block" => WaitMode.Block,
        "select" => WaitMode.Select,
        "poll" => WaitMode.Poll,
        "epoll" => WaitMode.Epoll,
        _ => throw Bad(key, value, "block, select, poll or epoll"),
    };

    private static PollEvents EpollFlagsOf(string key, string value)
    {
        var flags = PollEvents.None;
        foreach (var word in value.Split([',', '|', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (word.Equals("none", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            string name = word.StartsWith("EPOLL", StringComparison.OrdinalIgnoreCase) ? word.ToUpperInvariant() : "EPOLL" + word.ToUpperInvariant();
            var match = EpollFlagNames.All.FirstOrDefault(f => f.Name == name);
            flags |= match.Name is not null ? match.Flag : throw Bad(key, value, "none or a list of EPOLLET, EPOLLONESHOT, EPOLLEXCLUSIVE");
        }

        return flags;
    }

    private static string EpollFlagsText(PollEvents flags) => EpollFlagNames.Format(flags) is { Length: > 0 } names ? names : "none";

    private static ulong[] HexList(string key, string value) =>
        value.Split(',', StringSplitOptions.TrimEntries).Select(v => Hex(key, v)).ToArray();

    private static ulong Hex(string key, string value)
    {
        string digits = value.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? value[2..] : value;
        return ulong.TryParse(digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong mask)
            ? mask
            : throw Bad(key, value, "a hexadecimal CPU mask like f or 0x3");
    }

    private static int[] IntList(string key, string value) =>
        value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(v => Int(key, v)).ToArray();

    private static bool OnOff(string key, string value) => value switch
    {
        "on" or "1" or "true" => true,
        "off" or "0" or "false" => false,
        _ => throw Bad(key, value, "on or off"),
    };

    private static double Double(string key, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d) ? d : throw Bad(key, value, "a number");

    private static long Long(string key, string value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) ? n : throw Bad(key, value, "a whole number");

    private static int Int(string key, string value)
    {
        long n = Long(key, value);
        return n is >= int.MinValue and <= int.MaxValue ? (int)n : throw Bad(key, value, "a whole number in range");
    }

    private static SettingException Bad(string key, string value, string allowed) =>
        new(key, $"{key}={value}: must be {allowed}.");
}
