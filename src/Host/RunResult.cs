using System.Globalization;
using System.Text;
using ActorStack.Engine;
using ActorStack.Host.Reports;
using ActorStack.Softirq;
using ActorStack.Softirq.Skb;
using ActorStack.Softirq.Snmp;

namespace ActorStack.Host;

/// <summary>Everything a run produced: the conservation equation, drops by reason, and the kernel-format counters.</summary>
public sealed record RunResult
{
    /// <summary>The scenario.</summary>
    public required ScenarioOptions Options { get; init; }

    /// <summary>True if the model went quiet (false: a live run hit its time limit).</summary>
    public required bool Quiet { get; init; }

    /// <summary>Wall time of the run.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>Model time at the end (virtual in deterministic mode).</summary>
    public required long ModelNanos { get; init; }

    /// <summary>injected = delivered + dropped + queued.</summary>
    public required ConservationResult Conservation { get; init; }

    /// <summary>Where the still-queued packets are.</summary>
    public required long OnWire { get; init; }

    /// <summary>Packets held in NIC rings.</summary>
    public required long InRings { get; init; }

    /// <summary>Datagrams in socket receive queues.</summary>
    public required long InSockets { get; init; }

    /// <summary>Live skbs not in a socket queue (in actor mailboxes); 0 once the model is quiet.</summary>
    public required long InFlight { get; init; }

    /// <summary>Drops by reason.</summary>
    public required IReadOnlyList<(SkbDropReason Reason, long Count)> Drops { get; init; }

    /// <summary>Packets the kernel finished itself (consumed or forwarded), by kind; non-zero only.</summary>
    public required IReadOnlyList<(KernelEnd End, long Count)> KernelEnds { get; init; }

    /// <summary>Per-socket state.</summary>
    public required IReadOnlyList<SocketSnapshot> Sockets { get; init; }

    /// <summary>Datagrams received out of order within their flow, over all readers.</summary>
    public required long OutOfOrder { get; init; }

    /// <summary>Supervised actor failures.</summary>
    public required long ActorFaults { get; init; }

    /// <summary>Model actors supervision stopped during the run.</summary>
    public long StoppedActors { get; init; }

    /// <summary>Deterministic mode: turns the engine ran (every message is one).</summary>
    public long Turns { get; init; }

    /// <summary>
    /// Deterministic mode: mailbox runs, messages or timers that reached the model from a thread other than the one
    /// driving it (each a determinism hazard). Every shipped scenario has 0.
    /// </summary>
    public long ForeignEvents { get; init; }

    /// <summary>/proc/net/softnet_stat.</summary>
    public required string SoftnetStat { get; init; }

    /// <summary>/proc/net/snmp (Ip, Icmp, Tcp, Udp).</summary>
    public required string Snmp { get; init; }

    /// <summary>netstat -s.</summary>
    public required string NetstatS { get; init; }

    /// <summary>ss -tan: every TCP socket with state, Recv-Q and Send-Q.</summary>
    public required string SsTcp { get; init; }

    /// <summary>TCP streams: what the wire-side senders and the reading threads counted (TCP scenarios).</summary>
    public TcpRunSummary? Tcp { get; init; }

    /// <summary>How the application threads waited (select/poll/epoll event loops, epoll accept).</summary>
    public WaitSummary? Wait { get; init; }

    /// <summary>Busy polling by the readers, when their sockets have SO_BUSY_POLL or net.core.busy_read.</summary>
    public BusyPollSummary? BusyPoll { get; init; }

    /// <summary>/proc/net/netstat (IpExt).</summary>
    public required string Netstat { get; init; }

    /// <summary>iptables -L -v -n -x (empty when no rule is installed).</summary>
    public string Iptables { get; init; } = string.Empty;

    /// <summary>`iptables -t raw -L -v -n -x` when the raw table has rules, else empty.</summary>
    public string IptablesRaw { get; init; } = string.Empty;

    /// <summary>ethtool -S.</summary>
    public required string EthtoolStats { get; init; }

    /// <summary>The receiving interface (eth0, veth1, lo).</summary>
    public string Interface { get; init; } = "eth0";

    /// <summary>ethtool -i.</summary>
    public string DriverInfo { get; init; } = string.Empty;

    /// <summary>veth: what the sending side counted (ip -s link on veth0, the sender namespace's Udp), else empty.</summary>
    public string SenderSide { get; init; } = string.Empty;

    /// <summary>/proc/interrupts lines of the NIC.</summary>
    public required string Interrupts { get; init; }

    /// <summary>Counter values for exact assertions.</summary>
    public required CounterSnapshot Counters { get; init; }

    /// <summary>Per-CPU utilisation (mpstat -P ALL), over the run's model time.</summary>
    public required IReadOnlyList<CpuUtilisation> Cpus { get; init; }

    /// <summary>ksoftirqd activity per CPU: wakeups by the inline softirq, passes it ran.</summary>
    public required IReadOnlyList<(long Wakeups, long Passes)> Ksoftirqd { get; init; }

    /// <summary>Per-stage latency of delivered packets, wire to application; the total last.</summary>
    public required IReadOnlyList<LatencyRow> Latency { get; init; }

    /// <summary>Per-CPU utilisation over model time.</summary>
    public required CpuTimeline Timeline { get; init; }

    /// <summary>Kernel log messages net_ratelimit suppressed.</summary>
    public required long LogSuppressed { get; init; }

    /// <summary>Trace export accounting, when tracing was on.</summary>
    public TraceExportStats? Tracing { get; init; }

    /// <summary>Host cores (live mode runs one thread per simulated CPU on them).</summary>
    public int HostCores { get; init; } = Environment.ProcessorCount;

    /// <summary>Collects the results of <paramref name="host"/>.</summary>
    internal static RunResult Collect(SimulatedHost host, bool quiet, TimeSpan elapsed)
    {
        var stack = host.Stack;
        long inSockets = host.Sockets.Sum(s => s.Info.Queued);
        long queued = host.StillQueued;
        return new RunResult
        {
            Options = host.Options,
            Quiet = quiet,
            Elapsed = elapsed,
            ModelNanos = host.System.Clock.NowNanos,
            Conservation = stack.Ledger.Conservation(queued),
            OnWire = host.Wire.OnWire,
            InRings = host.Device.RingPending,
            InSockets = inSockets,
            InFlight = stack.Pool.LivePackets - inSockets,
            Drops = stack.Ledger.DropsByReason(),
            KernelEnds = Enum.GetValues<KernelEnd>().Select(e => (e, stack.Ledger.Ended(e))).Where(e => e.Item2 > 0).ToArray(),
            Sockets = host.Sockets.Select(s => new SocketSnapshot(
                s.Info.Local.ToString(), s.Info.Rcvbuf, s.Info.RmemAlloc, s.Info.Queued, s.Info.Drops,
                s.Reader.Datagrams, s.Reader.OutOfOrder, s.Reader.Wakeups, s.ReaderCpu, s.Thread.Migrations)).ToArray(),
            OutOfOrder = host.Sockets.Sum(s => s.Reader.OutOfOrder),
            ActorFaults = host.System.FaultCount,
            StoppedActors = host.System.StoppedActors,
            Turns = host.System.DeterministicSteps,
            ForeignEvents = host.System.ForeignEvents,
            SoftnetStat = string.Join('\n', stack.Softnet.Select(sd => sd.FormatLine())) + "\n",
            Snmp = stack.Snmp.FormatSnmp(),
            NetstatS = Reports.NetstatS.Format(stack.Snmp),
            SsTcp = Reports.SsTcp.Format(host.TcpHash),
            Tcp = host.Options.Protocol == TrafficProtocol.Tcp ? TcpRunSummary.Of(host) : null,
            Wait = host.WaitStats.Count > 0 ? WaitSummary.Of(host.Options.Wait, host.Options.EpollFlags, host.DescriptorsPerWaiter, host.WaitStats) : null,
            BusyPoll = host.Options.BusyPoll.Enabled ? BusyPollSummaryOf(host) : null,
            Netstat = stack.Snmp.FormatNetstat(),
            EthtoolStats = host.Device.FormatEthtoolStats(),
            Interface = host.Device.Core.Name,
            DriverInfo = host.Device.FormatDriverInfo(),
            SenderSide = host.LocalXmit is { } xmit && host.Options.Nic.Driver == Nic.Drivers.DriverKind.Veth
                ? string.Create(CultureInfo.InvariantCulture, $"veth0 (sending namespace): TX dropped {xmit.Refused}; Udp OutDatagrams {xmit.PeerOutDatagrams} SndbufErrors {xmit.PeerSndbufErrors}; Ip OutDiscards {xmit.PeerSndbufErrors}\n")
                : string.Empty,
            Iptables = host.Netfilter.Empty ? string.Empty : host.Netfilter.Format(),
            IptablesRaw = host.Netfilter.HasRaw ? host.Netfilter.FormatRaw() : string.Empty,
            Interrupts = host.Device.FormatInterrupts(),
            Counters = CounterSnapshot.Of(host),
            Cpus = Enumerable.Range(0, host.Options.Cpus).Select(cpu => CpuUtilisation.Of(host.System.Usage, cpu, ElapsedModelNanos(host))).ToArray(),
            Ksoftirqd = stack.Softnet.Select(sd => (sd.KsoftirqdWakeups, sd.KsoftirqdPasses)).ToArray(),
            Latency = LatencyRow.Of(stack.Latency),
            Timeline = CpuTimeline.Of(host.System.Usage, ElapsedModelNanos(host)),
            LogSuppressed = stack.RateLimit.Suppressed,
        };
    }

    // UDP: each socket's reader (a reader may serve several sockets); TCP: each reading thread.
    private static BusyPollSummary BusyPollSummaryOf(SimulatedHost host)
    {
        long rx = host.Stack.Snmp.TcpExt[TcpExtMibField.BusyPollRxPackets];
        if (host.Options.Protocol == TrafficProtocol.Tcp)
        {
            var threads = host.TcpReaders.ToList();
            return BusyPollSummary.Of(host.Options.BusyPoll, threads.Select(t => t.Busy), rx, threads.Sum(t => t.Wakeups));
        }

        var readers = host.Sockets.Select(s => s.Reader).Distinct().ToList();
        return BusyPollSummary.Of(host.Options.BusyPoll, readers.Select(r => r.Busy), rx, readers.Sum(r => r.Wakeups));
    }

    // Deterministic: virtual time at the end. Live: wall time since the system started.
    private static long ElapsedModelNanos(SimulatedHost host) => Math.Max(1, host.System.Clock.NowNanos);

    /// <summary>The readable summary the console prints: plain text, the same for the same run.</summary>
    public string Format() => FormatHead() + FormatDrops() + FormatLatency() + FormatTail();

    /// <summary>The settings and packet accounting the report starts with.</summary>
    internal string FormatHead()
    {
        var o = Options;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"ActorStack: scenario {o.Name}, {o.Mode.ToString().ToLowerInvariant()} mode");
        if (o.Mode == ExecutionMode.Deterministic)
        {
            sb.Append(CultureInfo.InvariantCulture, $", seed {o.Seed}");
        }

        var nic = o.Nic;
        string moderation = nic.AdaptiveRx ? "adaptive-rx on" : $"rx-usecs {nic.RxUsecs} rx-frames {nic.RxFrames}";
        string device = nic.Profile.SenderCpuReceives
            ? $"{nic.Name} ({nic.Profile.Name}: sender on CPU {o.SenderCpu}, netif_rx to the backlog, no NAPI or IRQ)"
            : $"{nic.Queues} RX queue(s) ({nic.Profile.Name}, ring {nic.RxRingSize}, {(nic.Napi ? "NAPI" : "legacy driver, no NAPI")}, {moderation})";
        sb.Append(CultureInfo.InvariantCulture, $", {o.Cpus} CPUs, {device}, {(o.Protocol == TrafficProtocol.Tcp ? $"TCP listener on port 5000, {o.Flows} connections" : $"{o.Sockets} UDP sockets, {o.Flows} flows")}\n");
        sb.Append(CultureInfo.InvariantCulture, $"net.core: netdev_budget {o.Net.NetdevBudget}, netdev_budget_usecs {o.Net.EffectiveBudgetUsecs} (HZ {o.Net.Hz}), dev_weight {o.Net.DevWeight}, netdev_max_backlog {o.Net.NetdevMaxBacklog}, rps_sock_flow_entries {o.Net.RpsSockFlowEntries}");
        if (nic.RpsCpus is { } rps)
        {
            sb.Append(CultureInfo.InvariantCulture, $"; rps_cpus {string.Join(',', rps.Select(m => m.ToString("x", CultureInfo.InvariantCulture)))}, rps_flow_cnt {nic.RpsFlowCnt}");
        }

        sb.Append('\n');
        if (o.Mode == ExecutionMode.Live)
        {
            string cores = HostCores < o.Cpus ? $"{HostCores} cores for {o.Cpus} simulated CPUs: CPUs share cores, and " : string.Empty;
            sb.Append(CultureInfo.InvariantCulture, $"note: live mode: {cores}every message between actors costs real time the kernel's direct calls do not, so saturation comes earlier than modelled. Use --mode deterministic for exact modelled rates.\n");
        }
        sb.Append(CultureInfo.InvariantCulture, $"traffic: {o.Packets} datagrams of {string.Join('/', o.PayloadSizes)} B payload at {o.RatePps} pps, {o.Pattern.ToString().ToLowerInvariant()}, trains of {o.TrainLength}; readers {(o.AppReads ? "reading" : "never reading")}\n");
        string engine = o.Mode == ExecutionMode.Deterministic ? $", {Turns} actor turns, {ForeignEvents} foreign events" : string.Empty;
        sb.Append(CultureInfo.InvariantCulture, $"run: wall {Elapsed.TotalMilliseconds:F0} ms, model time {ModelNanos / 1e6:F3} ms{engine}{(Quiet ? string.Empty : " (DID NOT GO QUIET)")}\n\n");

        var c = Conservation;
        sb.Append(CultureInfo.InvariantCulture, $"packets: injected {c.Injected}, delivered {c.Delivered}, dropped {c.Dropped}, still queued {c.StillQueued} (wire {OnWire}, rings {InRings}, sockets {InSockets}, in flight {InFlight})\n");
        if (KernelEnds.Count > 0)
        {
            sb.Append("ended in the kernel: ").AppendJoin(", ", KernelEnds.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.End.Name()} {e.Count}"))).Append('\n');
        }

        sb.Append(CultureInfo.InvariantCulture, $"in-flow order: {(OutOfOrder == 0 ? "preserved" : $"{OutOfOrder} datagrams out of order")}; actor faults: {ActorFaults}{(StoppedActors > 0 ? $" ({StoppedActors} actors stopped)" : string.Empty)}\n");
        if (o.Nic.Profile.SenderCpuReceives)
        {
            // netif_rx() skips GRO: only veth's NAPI mode (XDP or ethtool -K gro on) would run it.
            sb.Append(CultureInfo.InvariantCulture, $"gro: not on this path ({o.Nic.Profile.Name}: netif_rx, no NAPI)\n\n");
        }
        else
        {
            sb.Append(CultureInfo.InvariantCulture, $"gro: {Counters.GroMerged} packets merged into {Counters.GroAggregates} aggregates (ethtool -K gro {(o.Nic.Gro ? "on" : "off")}, UDP_GRO {(o.UdpGro ? "on" : "off")})\n\n");
        }
        return sb.ToString();
    }

    /// <summary>The drops-by-reason table as plain text.</summary>
    internal string FormatDrops()
    {
        var sb = new StringBuilder();
        sb.Append("drops by reason (dropwatch):\n");
        if (Drops.Count == 0)
        {
            sb.Append("  none\n");
        }

        foreach (var (reason, count) in Drops)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  {count,10}  SKB_DROP_REASON_{reason.KernelName()}{DropWhere(reason)}\n");
        }

        return sb.ToString();
    }

    /// <summary>Where a drop reason's packets were dropped, when the reason alone does not say ("" otherwise).</summary>
    internal static string DropWhere(SkbDropReason reason) => reason == SkbDropReason.FullRing ? "  (NIC: rx_missed_errors)" : string.Empty;

    /// <summary>The latency table as plain text.</summary>
    internal string FormatLatency()
    {
        var sb = new StringBuilder();
        sb.Append("\nlatency, wire to application (delivered packets, µs of model time):\n");
        sb.Append("  stage                                                           p50       p90       p99       max\n");
        foreach (var row in Latency)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  {row.Description,-60} {row.P50 / 1e3,9:F2} {row.P90 / 1e3,9:F2} {row.P99 / 1e3,9:F2} {row.Max / 1e3,9:F2}\n");
        }

        return sb.ToString();
    }

    /// <summary>Everything after the latency table: summaries, the kernel's own text (ss, mpstat, /proc, netstat -s, iptables, ethtool) and conservation.</summary>
    internal string FormatTail()
    {
        var o = Options;
        var sb = new StringBuilder();
        if (Wait is { } wait)
        {
            sb.Append('\n').Append(wait.Format());
        }

        if (BusyPoll is { } busy)
        {
            sb.Append('\n').Append(busy.Format());
        }

        if (Tcp is { } tcp)
        {
            sb.Append('\n').Append(tcp.Format());
            sb.Append("\nss -tan:\n").Append(SsTcp);
        }

        sb.Append("\nsockets (ss -ua -m):\n");
        sb.Append("  Local Address:Port      Recv-Q   rcvbuf    queued   drops  read    ooo  wakeups  reader\n");
        foreach (var s in Sockets)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  {s.Local,-22} {s.RmemAlloc,7} {s.Rcvbuf,8} {s.Queued,8} {s.Drops,7} {s.Read,5} {s.OutOfOrder,6} {s.Wakeups,8}  cpu{s.ReaderCpu}{(s.Migrations > 0 ? $" ({s.Migrations} migrations)" : string.Empty)}\n");
        }

        sb.Append("\nmpstat -P ALL (model time):\n");
        sb.Append("  CPU    %usr    %sys    %irq   %soft  %steal   %idle   ksoftirqd wakeups/passes\n");
        for (int cpu = 0; cpu < Cpus.Count; cpu++)
        {
            var u = Cpus[cpu];
            sb.Append(CultureInfo.InvariantCulture, $"  {cpu,3} {u.User,7:F2} {u.Sys,7:F2} {u.Irq,7:F2} {u.Soft,7:F2} {u.Steal,7:F2} {u.Idle,7:F2}   {Ksoftirqd[cpu].Wakeups}/{Ksoftirqd[cpu].Passes}\n");
        }

        sb.Append("\n/proc/net/softnet_stat:\n").Append(SoftnetStat);
        sb.Append("\n/proc/net/snmp:\n").Append(Snmp);
        sb.Append("\n/proc/net/netstat:\n").Append(Netstat);
        sb.Append("\nnetstat -s:\n").Append(NetstatS);
        if (Iptables.Length > 0)
        {
            sb.Append("\niptables -L -v -n -x:\n").Append(Iptables);
            if (IptablesRaw.Length > 0)
            {
                sb.Append("\niptables -t raw -L -v -n -x:\n").Append(IptablesRaw);
            }
        }

        sb.Append("\n/proc/interrupts:\n").Append(Interrupts);
        sb.Append(CultureInfo.InvariantCulture, $"\nethtool -i {Interface}:\n").Append(DriverInfo);
        sb.Append(CultureInfo.InvariantCulture, $"\nethtool -S {Interface}:\n").Append(EthtoolStats);
        if (SenderSide.Length > 0)
        {
            sb.Append("\nsender side:\n").Append(SenderSide);
        }
        if (LogSuppressed > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\nnet_ratelimit: {LogSuppressed} callbacks suppressed\n");
        }

        if (Tracing is { } t)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\ntracing: sampling {t.Sampling}, {t.SpansStarted} spans recorded\n");
            foreach (var e in t.Exporters)
            {
                sb.Append(CultureInfo.InvariantCulture, $"  {e.Name} → {e.Target}: {e.Exported} exported, {e.DroppedQueueFull} lost (export queue full), {e.Failed} in failed exports");
                if (e.DroppedUnavailable > 0)
                {
                    sb.Append(CultureInfo.InvariantCulture, $", {e.DroppedUnavailable} dropped after a failed export (collector unavailable: later spans were not waited for)");
                }
                if (t.Sampling == "dropped")
                {
                    sb.Append(CultureInfo.InvariantCulture, $", {e.FilteredDelivered} left out (delivered), {e.Undecided} undecided (still queued), {e.Evicted} evicted undecided");
                }

                sb.Append('\n');
            }
        }

        sb.Append('\n').Append(Conservation.ToString()).Append('\n');
        return sb.ToString();
    }
}

/// <summary>One socket at the end of a run.</summary>
public sealed record SocketSnapshot(string Local, int Rcvbuf, long RmemAlloc, long Queued, long Drops, long Read, long OutOfOrder, long Wakeups, int ReaderCpu, int Migrations);

/// <summary>Counter values tests compare exactly.</summary>
public sealed record CounterSnapshot
{
    public required long IpInReceives { get; init; }
    public required long IpInHdrErrors { get; init; }
    public required long IpInAddrErrors { get; init; }
    public required long IpInDelivers { get; init; }
    public required long IpInUnknownProtos { get; init; }
    public required long IpExtInCsumErrors { get; init; }
    public required long IpExtInTruncatedPkts { get; init; }
    public required long UdpInDatagrams { get; init; }
    public required long UdpNoPorts { get; init; }
    public required long UdpInErrors { get; init; }
    public required long UdpRcvbufErrors { get; init; }
    public required long UdpInCsumErrors { get; init; }
    public required long SoftnetProcessed { get; init; }
    public required long RxMissedErrors { get; init; }
    public required long RxPackets { get; init; }
    public required long SoftnetDropped { get; init; }
    public required long TimeSqueeze { get; init; }
    public required long ReceivedRps { get; init; }
    public required long FlowLimitCount { get; init; }
    public required long Interrupts { get; init; }
    public required long KsoftirqdWakeups { get; init; }
    public required long RxDropped { get; init; }
    public required long GroMerged { get; init; }
    public required long GroAggregates { get; init; }

    internal static CounterSnapshot Of(SimulatedHost host)
    {
        var s = host.Stack.Snmp;
        return new CounterSnapshot
        {
            IpInReceives = s.Ip[IpMibField.InReceives],
            IpInHdrErrors = s.Ip[IpMibField.InHdrErrors],
            IpInAddrErrors = s.Ip[IpMibField.InAddrErrors],
            IpInDelivers = s.Ip[IpMibField.InDelivers],
            IpInUnknownProtos = s.Ip[IpMibField.InUnknownProtos],
            IpExtInCsumErrors = s.IpExt[IpExtMibField.InCsumErrors],
            IpExtInTruncatedPkts = s.IpExt[IpExtMibField.InTruncatedPkts],
            UdpInDatagrams = s.Udp[UdpMibField.InDatagrams],
            UdpNoPorts = s.Udp[UdpMibField.NoPorts],
            UdpInErrors = s.Udp[UdpMibField.InErrors],
            UdpRcvbufErrors = s.Udp[UdpMibField.RcvbufErrors],
            UdpInCsumErrors = s.Udp[UdpMibField.InCsumErrors],
            SoftnetProcessed = host.Stack.Softnet.Sum(sd => sd.Processed),
            RxMissedErrors = host.Device.RxMissedErrors,
            RxPackets = host.Device.Queues.Sum(q => q.Stats.Packets),
            SoftnetDropped = host.Stack.Softnet.Sum(sd => sd.Dropped),
            TimeSqueeze = host.Stack.Softnet.Sum(sd => sd.TimeSqueeze),
            ReceivedRps = host.Stack.Softnet.Sum(sd => sd.ReceivedRps),
            FlowLimitCount = host.Stack.Softnet.Sum(sd => sd.FlowLimitCount),
            Interrupts = host.Device.Queues.Sum(q => q.Vector.Total),
            KsoftirqdWakeups = host.Stack.Softnet.Sum(sd => sd.KsoftirqdWakeups),
            RxDropped = host.Device.Core.RxDropped,
            GroMerged = host.Device.Queues.Sum(q => q.Napi.Gro?.Merged ?? 0),
            GroAggregates = host.Device.Queues.Sum(q => q.Napi.Gro?.Aggregates ?? 0),
        };
    }
}

/// <summary>One CPU's time split like mpstat, in percent of the run's model time.</summary>
public sealed record CpuUtilisation(double User, double Sys, double Soft, double Irq, double Steal, double Idle)
{
    /// <summary>Percent busy: everything but %idle.</summary>
    public double Busy => 100.0 - Idle;

    internal static CpuUtilisation Of(CpuUsage usage, int cpu, long elapsedNanos)
    {
        double Percent(CpuColumn column) => 100.0 * usage.Nanos(cpu, column) / elapsedNanos;
        double user = Percent(CpuColumn.User), sys = Percent(CpuColumn.Sys), soft = Percent(CpuColumn.Soft), irq = Percent(CpuColumn.Irq), steal = Percent(CpuColumn.Steal);
        return new CpuUtilisation(user, sys, soft, irq, steal, Math.Max(0, 100.0 - user - sys - soft - irq - steal));
    }
}
