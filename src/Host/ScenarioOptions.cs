using ActorStack.Sockets;
using ActorStack.Sockets.Poll;
using ActorStack.Engine;
using ActorStack.Nic;
using ActorStack.Softirq;

namespace ActorStack.Host;

/// <summary>One run's settings: topology, the knobs of a first experiment, traffic and mode.</summary>
public sealed record ScenarioOptions
{
    /// <summary>
    /// Deterministic (virtual clock, seeded interleaving: exact modelled rates, the default) or live (one real thread
    /// per simulated CPU, really spending each cost: needs a host core per simulated CPU to keep modelled rates).
    /// </summary>
    public ExecutionMode Mode { get; init; } = ExecutionMode.Deterministic;

    /// <summary>Interleaving seed (deterministic mode).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Simulated CPUs.</summary>
    public int Cpus { get; init; } = 2;

    /// <summary>Datagrams to send.</summary>
    public int Packets { get; init; } = 10_000;

    /// <summary>UDP flows (distinct source ports), spread round-robin over the sockets.</summary>
    public int Flows { get; init; } = 4;

    /// <summary>Bound UDP sockets (ports 5000, 5001, ...), each read by one application thread.</summary>
    public int Sockets { get; init; } = 2;

    /// <summary>UDP payload bytes of each datagram in turn (0..1472; from 12 bytes up the first 12 carry flow id and sequence).</summary>
    public IReadOnlyList<int> PayloadSizes { get; init; } = [64];

    /// <summary>One payload size for every datagram (the first of <see cref="PayloadSizes"/>).</summary>
    public int PayloadSize
    {
        get => PayloadSizes[0];
        init => PayloadSizes = [value];
    }

    /// <summary>How departures are spaced: constant trains, Poisson arrivals, or incast rounds.</summary>
    public TrafficPattern Pattern { get; init; } = TrafficPattern.Constant;

    /// <summary>Frames leaving back to back at one departure: the burst, or every sender's burst for incast.</summary>
    public int TrainLength => Pattern == TrafficPattern.Incast ? Flows * Burst : Burst;

    /// <summary>The scenario's name (a shipped one, a YAML file's name:, or "default").</summary>
    public string Name { get; init; } = "default";

    /// <summary>Offered rate in datagrams per second of model time.</summary>
    public long RatePps { get; init; } = 100_000;

    /// <summary>Frames sent back to back at each departure instant (a packet train); the average rate stays <see cref="RatePps"/>.</summary>
    public int Burst { get; init; } = 1;

    /// <summary>setsockopt(SO_RCVBUF) on every socket, or null to keep net.core.rmem_default.</summary>
    public int? SoRcvbuf { get; init; }

    /// <summary>setsockopt(SO_BUSY_POLL) µs on every socket, or null to keep net.core.busy_read.</summary>
    public int? SoBusyPoll { get; init; }

    /// <summary>setsockopt(SO_BUSY_POLL_BUDGET) on every socket (0: BUSY_POLL_BUDGET, 8).</summary>
    public int BusyPollBudget { get; init; }

    /// <summary>setsockopt(SO_PREFER_BUSY_POLL) on every socket.</summary>
    public bool PreferBusyPoll { get; init; }

    /// <summary>sk_ll_usec of the sockets: SO_BUSY_POLL if set, else net.core.busy_read.</summary>
    public int BusyPollUsecs => SoBusyPoll ?? Net.BusyRead;

    /// <summary>The busy-poll options every socket gets.</summary>
    public BusyPollSettings BusyPoll => new(BusyPollUsecs, BusyPollBudget, PreferBusyPoll);

    /// <summary>app.wait: blocking reads, or an event loop with select/poll/epoll (TCP: how accept() waits).</summary>
    public WaitMode Wait { get; init; } = WaitMode.Block;

    /// <summary>app.epoll_flags: EPOLLET/EPOLLONESHOT/EPOLLEXCLUSIVE on every epoll item.</summary>
    public PollEvents EpollFlags { get; init; }

    /// <summary>app.maxevents: epoll_wait()'s maxevents.</summary>
    public int MaxEvents { get; init; } = 64;

    /// <summary>app.vlen: UDP datagrams per read call (1: recvfrom; more: recvmmsg).</summary>
    public int Vlen { get; init; } = 1;

    /// <summary>Whether the application threads call recvfrom() at all.</summary>
    public bool AppReads { get; init; } = true;

    /// <summary>net.core.* sysctls and kernel constants (HZ, netdev_budget, netdev_max_backlog, RPS/RFS tables...).</summary>
    public NetCoreOptions Net { get; init; } = new();

    /// <summary>The NIC: ethtool -L/-G/-C/-X, IRQ affinity, rps_cpus and rps_flow_cnt per queue, NAPI or legacy driver.</summary>
    public NicOptions Nic { get; init; } = new();

    /// <summary>CPU cost of each stage.</summary>
    public CpuCosts Costs { get; init; } = new();

    /// <summary>Deterministic mode: each cost varies by up to ± this many percent, drawn from the seed (0: exact costs).</summary>
    public int CostJitterPercent { get; init; } = 10;

    /// <summary>traffic.malformed: the share of UDP frames corrupted on the wire (0..1).</summary>
    public double MalformedShare { get; init; }

    /// <summary>--fault: faults to inject into model actors (see <see cref="FaultRule"/>).</summary>
    public IReadOnlyList<FaultRule> Faults { get; init; } = [];

    /// <summary>app.start_ms: the application threads start this long (model time) after the run begins (0: at once).</summary>
    public int AppStartMs { get; init; }

    /// <summary>traffic.sender_cpu: where the sending thread runs when the driver is veth or loopback.</summary>
    public int SenderCpu { get; init; }

    /// <summary>The CPU each socket's reader thread starts on; null: socket i on CPU (1 + i) mod CPUs.</summary>
    public IReadOnlyList<int>? ReaderCpus { get; init; }

    /// <summary>CPUs a reader thread migrates through (after its start CPU); empty: it never migrates.</summary>
    public IReadOnlyList<int> MigrateCpus { get; init; } = [];

    /// <summary>Time between a reader's migrations, in µs of model time.</summary>
    public long MigratePeriodUs { get; init; } = 1000;

    /// <summary>connect() each socket to its peer (one flow per socket): TCP_ESTABLISHED, so RFS can follow the reader.</summary>
    public bool ConnectedSockets { get; init; }

    /// <summary>setsockopt(SO_REUSEPORT) on every socket, all bound to port 5000: one reuseport group.</summary>
    public bool ReusePort { get; init; }

    /// <summary>setsockopt(UDP_GRO) on every socket.</summary>
    public bool UdpGro { get; init; }

    /// <summary>iptables rules of the filter table, in iptables syntax ("-A INPUT -p udp --dport 5001 -j DROP").</summary>
    public IReadOnlyList<string> NetfilterRules { get; init; } = [];

    /// <summary>traffic.protocol: UDP datagrams to bound sockets, or TCP connections to a listener on port 5000.</summary>
    public TrafficProtocol Protocol { get; init; } = TrafficProtocol.Udp;

    /// <summary>TCP sysctls, application and wire (used with <see cref="Protocol"/> TCP).</summary>
    public TcpScenario Tcp { get; init; } = new();

    /// <summary>net.ipv4.ip_forward: route packets for other hosts through (FORWARD chain, ForwDatagrams).</summary>
    public bool IpForward { get; init; }

    /// <summary>traffic.dst: where the UDP flows are addressed (null: the host itself).</summary>
    public string? TrafficDestination { get; init; }

    /// <summary>traffic.dport: every UDP flow's destination port (null: the sockets' own, 5000..). A port nothing is bound to exercises the closed-port path.</summary>
    public int? TrafficDestinationPort { get; init; }

    /// <summary>traffic.ttl: the flows' IP TTL.</summary>
    public int TrafficTtl { get; init; } = 64;

    /// <summary>Host address the flows are sent to.</summary>
    public string HostAddress { get; init; } = "10.0.0.1";

    /// <summary>Validates against what the model and the kernel accept; throws <see cref="ArgumentException"/> naming the option.</summary>
    public void Validate()
    {
        Require(Cpus is >= 1 and <= 64, "cpus", Cpus, "1..64");
        Require(Packets is >= 0, "traffic.packets", Packets, ">= 0");
        Require(Flows is >= 1 and <= 65535, "traffic.flows", Flows, "1..65535");
        Require(Sockets is >= 1 and <= 1000, "sockets", Sockets, "1..1000");
        // A blocking reader on a socket no flow reaches would wait forever; an event loop watching idle sockets is the point.
        Require(Flows >= Sockets || Protocol == TrafficProtocol.Tcp || Wait != WaitMode.Block, "traffic.flows", Flows, $">= sockets ({Sockets}) so every socket's blocking reader gets a flow (or app.wait select/poll/epoll)");
        Require(PayloadSizes.Count >= 1, "traffic.payload", 0, "at least one size");
        foreach (int size in PayloadSizes)
        {
            if (Protocol == TrafficProtocol.Tcp)
            {
                Require(size is >= 1 and <= 1460, "traffic.payload", size, "1..1460 for TCP (the sender's segment size; MSS 1460)");
            }
            else
            {
                Require(size is >= 0 and <= 1472, "traffic.payload", size, "0..1472 (MTU 1500)");
            }
        }

        ValidateTcp();

        Require((long)Flows * Burst <= 1 << 20 || Pattern != TrafficPattern.Incast, "traffic.burst", Burst, "at most 2^20 frames per incast round (flows × burst)");
        Require(RatePps is >= 1 and <= 100_000_000, "traffic.rate", RatePps, "1..100000000 datagrams/s");
        Require(Burst is >= 1 and <= 65536, "traffic.burst", Burst, "1..65536");
        Require(SoRcvbuf is null or >= 0, "socket.rcvbuf", SoRcvbuf ?? 0, ">= 0");
        // Checked here as well as in NicOptions.Validate so the message names the console option.
        Require(Nic.RxRingSize is >= 64 and <= 8192 && Nic.RxRingSize % 8 == 0, "ethtool.rx", Nic.RxRingSize, "64..8192, a multiple of 8 (ethtool -G rx)");
        _ = global::ActorStack.Sockets.Endpoint.ParseAddress(HostAddress);
        if (TrafficDestination is { } dst)
        {
            try
            {
                _ = global::ActorStack.Sockets.Endpoint.ParseAddress(dst);
            }
            catch (FormatException error)
            {
                throw new SettingException("traffic.dst", $"traffic.dst {dst}: {error.Message}");
            }
        }

        Require(TrafficTtl is >= 0 and <= 255, "traffic.ttl", TrafficTtl, "0..255");
        Require(TrafficDestinationPort is null or (>= 1 and <= 65535), "traffic.dport", TrafficDestinationPort ?? 0, "1..65535");
        Net.Validate();
        Require(CostJitterPercent is >= 0 and <= 50, "cost.jitter_percent", CostJitterPercent, "0..50");
        RequireText(MalformedShare is >= 0 and <= 1, "traffic.malformed", MalformedShare.ToString(System.Globalization.CultureInfo.InvariantCulture), "a share of frames in 0..1");
        RefuseKnobsTheProtocolIgnores();
        Nic.Validate(Cpus);
        Require(SenderCpu >= 0 && SenderCpu < Cpus, "traffic.sender_cpu", SenderCpu, $"a CPU 0..{Cpus - 1}");
        if (SenderCpu != 0 && !Nic.Profile.SenderCpuReceives)
        {
            throw new SettingException("traffic.sender_cpu", $"traffic.sender_cpu does not apply to driver.kind {Nic.Profile.Name}: its sender is across the wire; it places the sending thread of veth or loopback.");
        }
        Require(AppStartMs is >= 0 and <= 86_400_000, "app.start_ms", AppStartMs, "0..86400000 (a day)");
        if (ReaderCpus is { } readers)
        {
            Require(readers.Count == Sockets, "app.cpus", readers.Count, $"one CPU per socket ({Sockets})");
            foreach (int cpu in readers)
            {
                Require(cpu >= 0 && cpu < Cpus, "app.cpus", cpu, $"a CPU 0..{Cpus - 1}");
            }
        }

        foreach (int cpu in MigrateCpus)
        {
            Require(cpu >= 0 && cpu < Cpus, "app.migrate_cpus", cpu, $"a CPU 0..{Cpus - 1}");
        }

        foreach (var rule in NetfilterRules)
        {
            try
            {
                _ = global::ActorStack.Protocols.Netfilter.NfTable.Parse(rule);
            }
            catch (ArgumentException error) when (error is not SettingException)
            {
                throw new SettingException("netfilter.rules", error.Message);
            }
        }

        Require(MigratePeriodUs >= 1, "app.migrate_period_us", MigratePeriodUs, ">= 1");
        ValidateWait();
        Require(!(ReusePort && ConnectedSockets), "socket.reuseport", 1, "off with socket.connected (connected sockets are looked up by 4-tuple, not by group)");
        Require(!ConnectedSockets || Flows == Sockets, "socket.connected", Flows, $"one flow per socket: traffic.flows must equal sockets ({Sockets})");
    }

    private void ValidateWait()
    {
        // sock_setsockopt(): SO_BUSY_POLL refuses negative values, SO_BUSY_POLL_BUDGET anything outside 0..U16_MAX.
        Require(SoBusyPoll is null or >= 0, "socket.busy_poll", SoBusyPoll ?? 0, ">= 0 µs (EINVAL)");
        Require(BusyPollBudget is >= 0 and <= ushort.MaxValue, "socket.busy_poll_budget", BusyPollBudget, "0..65535 (EINVAL)");
        Require(Net.BusyPoll == 0, "net.core.busy_poll", Net.BusyPoll, "0: select/poll busy polling is not modelled (net.core.busy_read and SO_BUSY_POLL, for blocking readers, are)");
        // recvmmsg() caps vlen at UIO_MAXIOV; epoll_wait() refuses maxevents <= 0 (EINVAL).
        Require(Vlen is >= 1 and <= 1024, "app.vlen", Vlen, "1..1024 (UIO_MAXIOV)");
        Require(MaxEvents is >= 1 and <= 1 << 20, "app.maxevents", MaxEvents, "1..1048576");
        bool epoll = Wait == WaitMode.Epoll;
        RequireText(epoll || EpollFlags == PollEvents.None, "app.epoll_flags", EpollFlagNames.Format(EpollFlags), "none unless app.wait is epoll");
        RequireText((EpollFlags & PollEvents.EpollExclusive) == 0 || (EpollFlags & PollEvents.EpollOneShot) == 0, "app.epoll_flags", "EPOLLEXCLUSIVE,EPOLLONESHOT", "not EPOLLEXCLUSIVE with EPOLLONESHOT (EINVAL)");
        if (Protocol == TrafficProtocol.Tcp)
        {
            RequireText(Wait is WaitMode.Block or WaitMode.Epoll, "app.wait", WaitName, "block or epoll with TCP (how accept() waits)");
            Require(Vlen == 1, "app.vlen", Vlen, "1 with TCP (recvmmsg is a datagram call)");
            return;
        }

        RequireText(BusyPollUsecs == 0 || Wait == WaitMode.Block, "socket.busy_poll", BusyPollUsecs.ToString(System.Globalization.CultureInfo.InvariantCulture), "0 unless app.wait is block: busy polling is modelled for blocking recvfrom()/recvmmsg() readers, not for select/poll/epoll");
        RequireText(Wait == WaitMode.Block || (ReaderCpus is null && MigrateCpus.Count == 0), "app.wait", WaitName, "block when app.cpus or app.migrate_cpus place one reader per socket");
        Require(Wait == WaitMode.Block || Tcp.Threads <= Sockets, "app.threads", Tcp.Threads, $"at most one event-loop thread per socket ({Sockets})");
    }

    private void ValidateTcp()
    {
        var t = Tcp;
        Require(t.Rmem.Count == 3 && t.Rmem[0] >= 1 && t.Rmem[0] <= t.Rmem[1] && t.Rmem[1] <= t.Rmem[2], "net.ipv4.tcp_rmem", t.Rmem.Count, "three sizes 'min default max' with min <= default <= max");
        Require(t.Somaxconn is >= 0 and <= 65535, "net.core.somaxconn", t.Somaxconn, "0..65535");
        Require(t.MaxSynBacklog is >= 1 and <= 1 << 20, "net.ipv4.tcp_max_syn_backlog", t.MaxSynBacklog, "1..1048576");
        Require(t.Syncookies is >= 0 and <= 2, "net.ipv4.tcp_syncookies", t.Syncookies, "0, 1 or 2");
        Require(t.ListenBacklog is >= 0 and <= 65535, "app.listen_backlog", t.ListenBacklog, "0..65535");
        Require(t.Threads is >= 0 and <= 4096, "app.threads", t.Threads, "0..4096 (0: one per connection)");
        Require(t.RecvBytes is >= 1 and <= 16 << 20, "app.recv_bytes", t.RecvBytes, "1..16777216");
        Require(t.RcvLowat is >= 1, "socket.rcvlowat", t.RcvLowat, ">= 1");
        Require(t.LockHoldUs is >= 0 and <= 10_000_000, "app.lock_hold_us", t.LockHoldUs, "0..10000000");
        Require(t.ThinkUs is >= 0 and <= 10_000_000, "app.think_us", t.ThinkUs, "0..10000000");
        Require(t.WireDelayUs is >= 0 and <= 10_000_000, "wire.delay_us", t.WireDelayUs, "0..10000000");
        Require(t.LossPercent is >= 0 and < 50, "wire.loss", (long)t.LossPercent, "0 <= percent < 50");
        Require(t.ReorderPercent is >= 0 and <= 50, "wire.reorder", (long)t.ReorderPercent, "0..50 percent");
        Require(t.ReorderDelayUs is >= 0 and <= 10_000_000, "wire.reorder_delay_us", t.ReorderDelayUs, "0..10000000");
        Require(t.ConnectGapUs is >= 0 and <= 10_000_000, "traffic.connect_gap_us", t.ConnectGapUs, "0..10000000");
    }

    // The console options that set the same knobs, named in errors so either spelling is recognisable.
    private static readonly Dictionary<string, string> ConsoleAliases = new()
    {
        ["cpus"] = "--cpus",
        ["traffic.packets"] = "--packets",
        ["traffic.flows"] = "--flows",
        ["sockets"] = "--sockets",
        ["traffic.payload"] = "--payload",
        ["traffic.rate"] = "--rate",
        ["traffic.burst"] = "--burst",
        ["socket.rcvbuf"] = "--rcvbuf",
        ["ethtool.rx"] = "--ring",
    };

    private string WaitName => Wait.ToString().ToLowerInvariant();

    // Knobs only one protocol reads are refused for the other: silently ignoring one would leave the user believing
    // the run had it.
    private void RefuseKnobsTheProtocolIgnores()
    {
        var tcpDefaults = new TcpScenario();
        if (Protocol == TrafficProtocol.Udp)
        {
            const string TcpOnly = "a TCP knob (traffic.protocol=tcp); the UDP traffic source does not read it";
            Refuse(Tcp.LossPercent != tcpDefaults.LossPercent, "wire.loss", TcpOnly);
            Refuse(Tcp.ReorderPercent != tcpDefaults.ReorderPercent, "wire.reorder", TcpOnly);
            Refuse(Tcp.LockHoldUs != tcpDefaults.LockHoldUs, "app.lock_hold_us", "a TCP knob (traffic.protocol=tcp): UDP sockets have no lock held across recv");
            Refuse(Tcp.ListenBacklog != tcpDefaults.ListenBacklog, "app.listen_backlog", "a TCP knob (traffic.protocol=tcp): UDP sockets do not listen");
            Refuse(Tcp.Threads != tcpDefaults.Threads && Wait == WaitMode.Block, "app.threads", "for TCP or for app.wait select/poll/epoll: blocking UDP readers are one thread per socket");
        }
        else
        {
            Refuse(UdpGro, "socket.udp_gro", "a UDP knob: TCP runs have no UDP sockets");
            Refuse(MalformedShare > 0, "traffic.malformed", "a UDP knob: the TCP peers send well-formed segments");
            Refuse(Sockets != new ScenarioOptions().Sockets, "sockets", "a UDP knob: a TCP run has one listener, and traffic.flows connections");
            Refuse(TrafficDestinationPort is not null, "traffic.dport", "a UDP knob: the TCP peers connect to the listener's port 5000");
        }
    }

    private static void Refuse(bool set, string option, string why)
    {
        if (set)
        {
            string alias = ConsoleAliases.TryGetValue(option, out var name) ? $" ({name})" : string.Empty;
            throw new SettingException(option, $"{option}{alias} does not apply to this run: {why}.");
        }
    }

    private static void Require(bool ok, string option, long value, string allowed) =>
        RequireText(ok, option, value.ToString(System.Globalization.CultureInfo.InvariantCulture), allowed);

    private static void RequireText(bool ok, string option, string value, string allowed)
    {
        if (!ok)
        {
            string alias = ConsoleAliases.TryGetValue(option, out var name) ? $" ({name})" : string.Empty;
            throw new SettingException(option, $"{option}{alias} {value}: must be {allowed}.");
        }
    }
}
