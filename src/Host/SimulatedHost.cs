using System.Diagnostics;
using ActorStack.Engine;
using ActorStack.Host.Views;
using ActorStack.Nic;
using ActorStack.Nic.Drivers;
using ActorStack.Protocols;
using ActorStack.Protocols.Ipv4;
using ActorStack.Wire;
using ActorStack.Protocols.Netfilter;
using ActorStack.Protocols.Icmp;
using ActorStack.Protocols.Tcp;
using ActorStack.Protocols.Udp;
using ActorStack.Protocols.Wire;
using ActorStack.Sockets;
using ActorStack.Sockets.Poll;
using ActorStack.Sockets.Tcp;
using ActorStack.Softirq;
using ActorStack.Softirq.Skb;
using Serilog;

namespace ActorStack.Host;

/// <summary>
/// One host built from a scenario: CPUs with their pollers and per-CPU IPv4/UDP actors, a NIC, bound UDP sockets with
/// one reading application thread each, and a peer sending on the wire. <see cref="Run"/> sends everything, waits
/// until the model is quiet and returns the counters.
/// </summary>
public sealed class SimulatedHost : IDisposable
{
    private readonly UdpTrafficSource.Setup? _trafficSetup;
    private readonly ActorRef<UdpTrafficSource.Msg>? _source;
    private readonly List<ActorRef<ITcpPeerMsg>> _peers = new();
    private readonly List<ITell<Start>> _apps = new();
    private readonly List<Action<long>> _lateStarts = new();
    private bool _appsStarted;

    /// <summary>Builds the host for <paramref name="options"/>.</summary>
    public SimulatedHost(ScenarioOptions options, ILogger? log = null, long markAt = -1, Action? onMark = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        System = Simulation.Create(new SimulationOptions { Mode = options.Mode, CpuCount = options.Cpus, Seed = options.Seed, CostJitter = options.CostJitterPercent / 100.0, Faults = options.Faults });
        Stack = new NetStack(System, options.Net, log, options.Costs);
        System.Faulted += fault => Stack.Log.Error(fault.Error, "actor {Actor} failed: {Directive}", fault.ActorName, fault.Directive);
        SoftirqActors.Start(Stack);
        Wire = new WireFramePool();
        Device = new NetDevice(Stack, options.Nic, Wire);
        // A software device (veth, loopback) is fed by a sender on one of our CPUs, not by the wire.
        LocalXmit = options.Nic.Profile.SenderCpuReceives ? new LocalXmit(Device) : null;

        uint hostAddress = Endpoint.ParseAddress(options.HostAddress);
        TcpWire = new TcpWire();
        var inet = InetInit.Boot(Stack, hostAddress, options.NetfilterRules, options.IpForward, TcpWire);
        Netfilter = inet.Netfilter;
        Icmp = inet.Icmp;
        TcpHash = inet.TcpHash;
        var udpTable = inet.Udp;
        if (options.Protocol == TrafficProtocol.Tcp)
        {
            BuildTcp(options, hostAddress);
            return;
        }

        int rcvbuf = options.SoRcvbuf is int requested ? SockConstants.SetRcvbuf(requested, options.Net.RmemMax) : options.Net.RmemDefault;
        var watched = new List<WatchedSocket>();
        for (int i = 0; i < options.Sockets; i++)
        {
            // SO_REUSEPORT: every socket binds port 5000 and the kernel spreads the flows over the group.
            var endpoint = new Endpoint(hostAddress, (ushort)(options.ReusePort ? 5000 : 5000 + i));
            var info = new UdpSockInfo(endpoint, rcvbuf, options.SoRcvbuf is not null) { Connected = options.ConnectedSockets, UdpGro = options.UdpGro, BusyPoll = options.BusyPoll };
            var socket = System.Spawn(UdpSock.Props(Stack, info), options.ReusePort ? $"udp:{endpoint}#{i}" : $"udp:{endpoint}");
            udpTable.Bind(endpoint, socket, options.ReusePort);
            if (options.Wait != WaitMode.Block)
            {
                // An event loop reads it: the socket's record of reads lives on the loop thread's CPU.
                var record = new ReaderThread([EventLoopCpu(options, i % EventLoopThreads(options))], 0, options.Flows, new ReceiverStats());
                watched.Add(new WatchedSocket(socket, info, record));
                Sockets.Add(new SocketView(info, record));
                continue;
            }

            // Readers go on the CPUs after the IRQ's CPU 0 first, so wakeups cross CPUs as they usually do.
            int appCpu = options.ReaderCpus?[i] ?? (1 + i) % options.Cpus;
            var cpus = new[] { appCpu }.Concat(options.MigrateCpus).ToArray();
            var thread = new ReaderThread(cpus, options.MigrateCpus.Count > 0 ? options.MigratePeriodUs * 1000 : 0, options.Flows, new ReceiverStats());
            AddApp(UdpReceiverApp.Spawn(Stack, socket, info, thread, $"app{i}@cpu{appCpu}", options.AppReads, options.Vlen));
            Sockets.Add(new SocketView(info, thread));
        }

        if (watched.Count > 0 && options.AppReads)
        {
            int loops = EventLoopThreads(options);
            DescriptorsPerWaiter = (watched.Count + loops - 1) / loops;
            for (int t = 0; t < loops; t++)
            {
                var mine = watched.Where((_, i) => i % loops == t).ToArray();
                var stats = new WaitStats();
                WaitStats.Add(stats);
                var loop = new EventLoopOptions { Mode = options.Wait, EpollFlags = options.EpollFlags, MaxEvents = options.MaxEvents, Vlen = options.Vlen, Stats = stats };
                int cpu = EventLoopCpu(options, t);
                AddApp(EventLoopApp.Spawn(Stack, mine, loop, cpu, $"{options.Wait.ToString().ToLowerInvariant()}-loop{t}@cpu{cpu}"));
            }
        }

        if (options.UdpGro)
        {
            // setsockopt(UDP_GRO) enables the GRO-time socket lookup (udp_encap_needed_key).
            var groSockets = Sockets.Where(s => s.Info.UdpGro).Select(s => ((ulong)s.Info.Local.Address << 16) | s.Info.Local.Port).ToHashSet();
            Stack.UdpGroEnabled = (daddr, dport) => groSockets.Contains(((ulong)daddr << 16) | dport);
        }

        var flows = Enumerable.Range(0, options.Flows).Select(f => new UdpFrameSpec
        {
            DestinationMac = Device.Core.MacAddress,
            // Over loopback the sender is this host: it sends from its own address.
            SourceAddress = LocalXmit is not null && options.Nic.Driver == DriverKind.Loopback ? hostAddress : Endpoint.ParseAddress("10.0.1.2"),
            DestinationAddress = options.TrafficDestination is { } dst ? Endpoint.ParseAddress(dst) : hostAddress,
            Ttl = (byte)options.TrafficTtl,
            SourcePort = (ushort)(40000 + f),
            DestinationPort = (ushort)(options.TrafficDestinationPort ?? (options.ReusePort ? 5000 : 5000 + (f % options.Sockets))),
        }).ToArray();
        _trafficSetup = new UdpTrafficSource.Setup(Stack, (IFrameSink?)LocalXmit ?? Device, Wire, flows, options.Packets, options.PayloadSizes, options.RatePps, options.TrainLength, options.Pattern, options.Seed)
        {
            MarkAt = markAt,
            OnMark = onMark,
            MalformedShare = options.MalformedShare,
            SendCostNanos = LocalXmit is not null ? options.Costs.Sendmsg : 0,
        };
        var sourceProps = UdpTrafficSource.Props(_trafficSetup);
        _source = LocalXmit is not null
            ? System.Spawn(sourceProps.WithCpu(options.SenderCpu), $"sender@cpu{options.SenderCpu}")
            : System.Spawn(sourceProps, "wire");
    }

    /// <summary>The scenario.</summary>
    public ScenarioOptions Options { get; }

    /// <summary>The software device's xmit (veth, loopback), or null for a NIC fed by the wire.</summary>
    public LocalXmit? LocalXmit { get; }

    /// <summary>The host's ICMP output (port unreachable, time exceeded, echo replies).</summary>
    public IcmpSender Icmp { get; }

    /// <summary>TCP's established and listening hashes.</summary>
    public TcpHashTable TcpHash { get; }

    /// <summary>The host's TCP output toward the peers.</summary>
    public TcpWire TcpWire { get; }

    /// <summary>The TCP peers' counters (TCP scenarios).</summary>
    public TcpPeerStats PeerStats { get; } = new();

    /// <summary>Each waiting thread's counters (event loops, epoll accept threads).</summary>
    public List<WaitStats> WaitStats { get; } = new();

    /// <summary>Descriptors each waiting thread watches.</summary>
    public int DescriptorsPerWaiter { get; private set; }

    /// <summary>The TCP reading threads' counters (TCP scenarios).</summary>
    public List<TcpReaderStats> TcpReaders { get; } = new();

    /// <summary>The actor system.</summary>
    public Simulation System { get; }

    /// <summary>Kernel state and counters.</summary>
    public NetStack Stack { get; }

    /// <summary>The filter table (iptables).</summary>
    public NfTable Netfilter { get; }

    /// <summary>The NIC.</summary>
    public NetDevice Device { get; }

    /// <summary>The wire.</summary>
    public WireFramePool Wire { get; }

    /// <summary>Sockets and their readers.</summary>
    public List<SocketView> Sockets { get; } = new();

    /// <summary>
    /// How long a live run of <paramref name="options"/> may take by default: its traffic's own duration (live model
    /// time is wall time) plus 10 minutes; after that it ends as not quiet.
    /// </summary>
    public static TimeSpan LiveRunLimit(ScenarioOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds((double)options.Packets / Math.Max(1, options.RatePps));
    }

    /// <summary>
    /// Sends all traffic, waits for the model to go quiet, and collects the results. A <paramref name="view"/> is
    /// updated every <see cref="LiveView.IntervalMs"/> of wall time; it only observes, so a deterministic run's
    /// result is the same with or without it.
    /// </summary>
    /// <param name="liveTimeout">Live mode: give up after this much wall time (default <see cref="LiveRunLimit"/>).</param>
    /// <param name="view">Live view to update.</param>
    /// <param name="onQuiet">Runs when the model is quiet, before results are collected (benchmarks stop measuring there).</param>
    public RunResult Run(TimeSpan? liveTimeout = null, LiveView? view = null, Action? onQuiet = null)
    {
        var started = DateTime.UtcNow;
        StartApplications();

        if (Options.Packets > 0)
        {
            _source?.Tell(UdpTrafficSource.Msg.Start);
            foreach (var peer in _peers)
            {
                peer.Tell(TcpPeerMsg.Connect);
            }
        }

        bool quiet = System.Mode == ExecutionMode.Deterministic ? RunDeterministic(view) : RunLive(liveTimeout ?? LiveRunLimit(Options), view);
        onQuiet?.Invoke();
        view?.Complete(Progress());
        return RunResult.Collect(this, quiet, DateTime.UtcNow - started);
    }

    /// <summary>
    /// The application threads start: each blocks in its first recvfrom()/accept() or wait call. <see cref="Run"/> does
    /// this; a test that injects its own frames calls it first. Calling it again does nothing.
    /// </summary>
    public void StartApplications()
    {
        if (_appsStarted)
        {
            return;
        }

        _appsStarted = true;
        if (Options.AppStartMs > 0)
        {
            // app.start_ms: the threads start later (a reader that comes to a socket already filled).
            foreach (var startLater in _lateStarts)
            {
                startLater(Options.AppStartMs * 1_000_000L);
            }

            return;
        }

        foreach (var app in _apps)
        {
            app.Tell(Start.Instance);
        }
    }

    // An application thread: started by StartApplications, now or after app.start_ms (a one-shot model-time timer).
    private void AddApp<T>(ActorRef<T> app)
        where T : class
    {
        _apps.Add((ITell<Start>)(object)app);
        _lateStarts.Add(delay => System.CreateTimer(app, (T)(object)Start.Instance).Arm(delay));
    }

    /// <summary>What a live view shows, read now.</summary>
    public ProgressSnapshot Progress()
    {
        var ledger = Stack.Ledger;
        var top = ledger.DropsByReason().OrderByDescending(d => d.Count).FirstOrDefault();
        return new ProgressSnapshot(
            System.Clock.NowNanos,
            Options.Packets,
            ledger.Injected,
            ledger.Delivered,
            ledger.TotalDropped,
            top.Count > 0 ? top.Reason.KernelName() : null,
            Enumerable.Range(0, Options.Cpus).Select(System.Usage.BusyNanos).ToArray());
    }

    private bool RunDeterministic(LiveView? view)
    {
        if (view is null)
        {
            return System.RunUntilQuiet();
        }

        var wall = Stopwatch.StartNew();
        long nextDraw = view.IntervalMs;
        int steps = 0;
        while (true)
        {
            bool draw = false;
            bool result = System.RunUntil(() => draw = (++steps & 4095) == 0 && wall.ElapsedMilliseconds >= nextDraw);
            if (!draw)
            {
                return result;
            }

            view.Update(Progress());
            nextDraw = wall.ElapsedMilliseconds + view.IntervalMs;
        }
    }

    private bool RunLive(TimeSpan limit, LiveView? view)
    {
        var deadline = DateTime.UtcNow + limit;
        int interval = view?.IntervalMs ?? 1000;
        while (Options.Packets > 0 && _trafficSetup is not null && !_trafficSetup.Finished.Task.Wait(interval))
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            view?.Update(Progress());
        }

        while (!System.RunUntilQuiet(TimeSpan.FromMilliseconds(interval)))
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            view?.Update(Progress());
        }

        return true;
    }

    // One listener on port 5000, reading threads that accept and read, and one peer sender per flow.
    private void BuildTcp(ScenarioOptions options, uint hostAddress)
    {
        var t = options.Tcp;
        bool locked = options.SoRcvbuf is not null;
        var child = new TcpSockOptions
        {
            Rcvbuf = options.SoRcvbuf is int requested ? SockConstants.SetRcvbuf(requested, options.Net.RmemMax) : t.Rmem[1],
            RcvbufLocked = locked,
            RmemMax = t.Rmem[2],
            CoreRmemMax = options.Net.RmemMax,
            RcvLowat = t.RcvLowat,
            ModerateRcvbuf = t.ModerateRcvbuf,
            Hz = options.Net.Hz,
        };
        var local = new Endpoint(hostAddress, 5000);
        var listenInfo = new TcpSockInfo(new FourTuple(hostAddress, 5000, 0, 0), TcpState.Listen, child.Rcvbuf);
        var listener = System.Spawn(TcpListenSock.Props(Stack, listenInfo, new TcpListenOptions(t.ListenBacklog, t.Somaxconn, t.MaxSynBacklog, t.Syncookies), child, TcpWire, TcpHash), $"tcp-listen:{local}");
        TcpHash.Listen(local, new TcpSocketRef(listener, listenInfo));
        // app.read=off: nobody calls accept(); connections pile up in the accept queue.
        int threads = !options.AppReads ? 0 : t.Threads > 0 ? t.Threads : options.Flows;
        for (int i = 0; i < threads; i++)
        {
            int cpu = (1 + i) % options.Cpus;
            var stats = new TcpReaderStats();
            TcpReaders.Add(stats);
            var wait = new WaitStats();
            if (options.Wait == WaitMode.Epoll)
            {
                WaitStats.Add(wait);
                DescriptorsPerWaiter = 1;
            }

            var app = new TcpAppOptions
            {
                RecvBytes = t.RecvBytes,
                LockHoldNanos = t.LockHoldUs * 1000,
                ThinkNanos = t.ThinkUs * 1000,
                Stats = stats,
                AcceptMode = options.Wait,
                EpollFlags = options.EpollFlags,
                Listener = listenInfo,
                Wait = wait,
                BusyPoll = options.BusyPoll,
            };
            AddApp(TcpReaderApp.Spawn(Stack, listener, app, cpu, $"app{i}@cpu{cpu}"));
        }

        int mss = Math.Min(options.PayloadSizes[0], 1460);
        long segmentsPerConnection = Math.Max(1, options.Packets / options.Flows);
        var wire = new WireOptions(t.WireDelayUs * 1000, t.LossPercent, t.ReorderPercent, t.ReorderDelayUs * 1000, options.Seed);
        long gap = Math.Max(1, (long)(options.Flows * 1e9 / options.RatePps));
        // Over loopback or veth the peers' segments leave from a task on the sender's CPU.
        IFrameSink sink = LocalXmit is { } xmit
            ? LocalSender.Sink(System.Spawn(LocalSender.Props(xmit, options.Costs, options.SenderCpu), $"sender@cpu{options.SenderCpu}"))
            : Device;
        for (int f = 0; f < options.Flows; f++)
        {
            var spec = SpecTo(5000, (ushort)(40000 + f));
            var setup = new TcpPeer.Setup(Stack, sink, Wire, spec, f, segmentsPerConnection * mss, mss, gap, wire, PeerStats) { StartNanos = f * t.ConnectGapUs * 1000 };
            var peer = System.Spawn(TcpPeer.Props(setup), $"peer{f}");
            TcpWire.Connect(new FourTuple(hostAddress, 5000, spec.SourceAddress, spec.SourcePort), peer);
            _peers.Add(peer);
        }
    }

    private static int EventLoopThreads(ScenarioOptions options) => Math.Max(1, options.Tcp.Threads);

    // Loop threads go on the CPUs after the IRQ's CPU 0, like blocking readers.
    private static int EventLoopCpu(ScenarioOptions options, int thread) => (1 + thread) % options.Cpus;

    /// <summary>Puts a hand-built frame on the wire (counted as injected), e.g. a malformed one in a test.</summary>
    public void InjectFrame(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > WireFrame.MaxLength)
        {
            throw new ArgumentException($"A frame is at most {WireFrame.MaxLength} bytes, got {bytes.Length}.", nameof(bytes));
        }

        var frame = Wire.Rent();
        bytes.CopyTo(frame.Bytes);
        frame.Length = bytes.Length;
        Stack.Ledger.CountInjected();
        Device.Receive(frame);
    }

    /// <summary>A frame spec from the scenario's peer to <paramref name="port"/> on the host (over loopback the peer is the host itself).</summary>
    public UdpFrameSpec SpecTo(ushort port, ushort sourcePort = 40000) => new()
    {
        DestinationMac = Device.Core.MacAddress,
        SourceAddress = Endpoint.ParseAddress(Options.Nic.Driver == DriverKind.Loopback ? Options.HostAddress : "10.0.1.2"),
        DestinationAddress = Endpoint.ParseAddress(Options.HostAddress),
        SourcePort = sourcePort,
        DestinationPort = port,
    };

    /// <summary>Packets still held by the model: on the wire, in rings, or as live skbs (mailboxes, socket queues).</summary>
    public long StillQueued => Wire.OnWire + Device.RingPending + Stack.Pool.LivePackets;

    /// <inheritdoc />
    public void Dispose()
    {
        System.Dispose();
        Device.ReleaseRings();
    }

    /// <summary>A socket and the thread reading it.</summary>
    public sealed record SocketView(UdpSockInfo Info, ReaderThread Thread)
    {
        /// <summary>The reader's statistics.</summary>
        public ReceiverStats Reader => Thread.Stats;

        /// <summary>The CPU the reader runs on now.</summary>
        public int ReaderCpu => Thread.Cpu;
    }
}
