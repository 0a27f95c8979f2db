using System.Diagnostics;
using ActorStack.Engine;
using ActorStack.Softirq.Skb;
using ActorStack.Softirq.Tracing;
using Serilog;
using Serilog.Events;

namespace ActorStack.Softirq;

/// <summary>
/// The host kernel's shared state for one run: sysctls, the skb and page pools, per-CPU softnet_data,
/// the protocol handler table, the drop ledger, tracing and the kernel log. Every model actor holds it.
/// </summary>
public sealed class NetStack
{
    private readonly List<NapiStruct> _napis = new();

    /// <summary>Creates the kernel state for <paramref name="system"/>.</summary>
    public NetStack(Simulation system, NetCoreOptions options, ILogger? log = null, CpuCosts? costs = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        System = system;
        Options = options;
        Clock = system.Clock;
        Buffers = new BufferPool();
        Pool = new SkbPool(Buffers);
        Ledger = new PacketLedger();
        Tracer = new SkbTracer(Clock);
        RateLimit = new NetRateLimit(Clock);
        Log = (log ?? Serilog.Core.Logger.None).ForContext(new ModelTimeEnricher(Clock));
        Softnet = Enumerable.Range(0, system.CpuCount).Select(cpu => new SoftnetData(cpu)).ToArray();
        PacketTypes = new PacketTypeTable(system.CpuCount);
        Costs = costs ?? new CpuCosts();
        RpsSockFlows = options.RpsSockFlowEntries > 0 ? new Rps.RpsSockFlowTable(options.RpsSockFlowEntries, system.CpuCount) : null;
        Cpus = Enumerable.Range(0, system.CpuCount).Select(cpu => new NapiContext(this, cpu)).ToArray();
        foreach (var cpu in Cpus)
        {
            cpu.Softnet.Backlog = cpu.Backlog;
        }
    }

    /// <summary>
    /// udp4_gro_lookup_skb() as GRO needs it: does the socket bound to (daddr, dport) have UDP_GRO set? Null: no
    /// socket ever asked (udp_encap_needed_key off), so UDP is never merged.
    /// </summary>
    public Func<uint, ushort, bool>? UdpGroEnabled { get; set; }

    /// <summary>What each stage costs its CPU.</summary>
    public CpuCosts Costs { get; }

    /// <summary>Each CPU's softirq side (and the actors on it, once <see cref="SoftirqActors.Start"/> ran).</summary>
    public NapiContext[] Cpus { get; }

    /// <summary>rps_sock_flow_table, or null when net.core.rps_sock_flow_entries is 0.</summary>
    public Rps.RpsSockFlowTable? RpsSockFlows { get; }

    /// <summary>The actor system the model runs on.</summary>
    public Simulation System { get; }

    /// <summary>net.core sysctls.</summary>
    public NetCoreOptions Options { get; }

    /// <summary>The model clock.</summary>
    public IClock Clock { get; }

    /// <summary>The page_pool.</summary>
    public BufferPool Buffers { get; }

    /// <summary>skb allocator.</summary>
    public SkbPool Pool { get; }

    /// <summary>Injected / delivered / dropped-by-reason.</summary>
    public PacketLedger Ledger { get; }

    /// <summary>skb:kfree_skb and skb:skb_copy_datagram_iovec, for tests and tools.</summary>
    public SkbTracepoints Tracepoints { get; } = new();

    /// <summary>Per-hop spans.</summary>
    public SkbTracer Tracer { get; }

    /// <summary>Per-stage latency of delivered packets.</summary>
    public Latency.LatencyRecorder Latency { get; } = new();

    /// <summary>The kernel log.</summary>
    public ILogger Log { get; }

    /// <summary>net_ratelimit() for the kernel log.</summary>
    public NetRateLimit RateLimit { get; }

    /// <summary>softnet_data per CPU.</summary>
    public SoftnetData[] Softnet { get; }

    /// <summary>SNMP counters (Ip, IpExt, Udp).</summary>
    public Snmp.SnmpMibs Snmp { get; } = new();

    /// <summary>
    /// napi_hash_add(): gives <paramref name="napi"/> the next napi_id (from <see cref="BusyPollConstants.MinNapiId"/>)
    /// so that sockets can name it and busy poll it. Called while the devices are set up, before traffic.
    /// </summary>
    public void NapiHashAdd(NapiStruct napi)
    {
        ArgumentNullException.ThrowIfNull(napi);
        if (napi.Id != 0)
        {
            throw new InvalidOperationException($"{napi.Name} already has napi_id {napi.Id}.");
        }

        napi.Id = BusyPollConstants.MinNapiId + _napis.Count;
        _napis.Add(napi);
    }

    /// <summary>napi_by_id(): the NAPI with <paramref name="napiId"/>, or null (0, or an id no NAPI has).</summary>
    public NapiStruct? NapiById(int napiId)
    {
        int index = napiId - BusyPollConstants.MinNapiId;
        return index >= 0 && index < _napis.Count ? _napis[index] : null;
    }

    /// <summary>ptype_base: ethertype → per-CPU protocol actor.</summary>
    public PacketTypeTable PacketTypes { get; }

    /// <summary>
    /// True if a kernel log message at <paramref name="level"/> is to be written now: the level is enabled and
    /// net_ratelimit() allows it (10 per 5 s of model time; the rest are counted as suppressed). Check it before
    /// building the message, so a silent run pays nothing.
    /// </summary>
    public bool ShouldLog(LogEventLevel level) => Log.IsEnabled(level) && RateLimit.Allow();

    /// <summary>
    /// kfree_skb_reason(): count the drop, log it (rate-limited) and free the skb. A drop is the last thing a hop does,
    /// so the hop's <paramref name="span"/>, if any, gets the kfree_skb event and is ended here.
    /// </summary>
    public void KfreeSkb(SkBuff skb, SkbDropReason reason, Activity? span = null)
    {
        ArgumentNullException.ThrowIfNull(skb);
        if (!skb.IsClone)
        {
            // An aggregate stands for all the packets GRO merged into it.
            Ledger.CountDrop(reason, skb.Segments);
        }

        Tracer.RecordDrop(span, reason);
        Tracer.End(span);
        Tracepoints.Dropped(skb, reason, Clock.NowNanos);
        if (ShouldLog(LogEventLevel.Debug))
        {
            Log.Debug("kfree_skb: skb {skb_id} len {len} reason {reason} on cpu {cpu}", skb.Id, skb.Length, reason.KernelName(), skb.Cpu);
        }

        skb.Pool.Free(skb);
    }

    /// <summary>
    /// consume_skb() of a packet the kernel finished itself (ARP, IPv6, ICMP, a TCP control segment, a forwarded
    /// packet): counted as ended in the kernel, with a consume_skb event on the span.
    /// </summary>
    public void ConsumeByKernel(SkBuff skb, KernelEnd end, Activity? span = null)
    {
        ArgumentNullException.ThrowIfNull(skb);
        Ledger.CountKernelEnd(end, skb.Segments);

        Tracer.RecordConsumed(span);
        Tracer.End(span);
        skb.Pool.Free(skb);
    }

    /// <summary>
    /// The application has copied all of <paramref name="skb"/> at <paramref name="nowNanos"/>: its latency (and that
    /// of every GRO segment chained on it) is recorded, its packets count as delivered, and it is freed.
    /// </summary>
    public void DeliverToApp(SkBuff skb, long nowNanos)
    {
        ArgumentNullException.ThrowIfNull(skb);
        skb.Stamp(global::ActorStack.Softirq.Latency.LatencyStage.Copied, nowNanos);
        Latency.Record(skb, skb);
        for (var segment = skb.FragList; segment is not null; segment = segment.FragNext)
        {
            Latency.Record(segment, skb);
        }

        Ledger.CountDelivered(skb.Segments);
        Tracepoints.Delivered(skb, nowNanos);
        skb.Pool.Free(skb);
    }

    /// <summary>consume_skb(): a normal free after delivery (no drop).</summary>
    public static void ConsumeSkb(SkBuff skb)
    {
        ArgumentNullException.ThrowIfNull(skb);
        skb.Pool.Free(skb);
    }

    /// <summary>Lifecycle hooks for messages carrying skbs: ownership on enqueue, drops when a message is lost.</summary>
    public SkbLifecycle<TMsg> Lifecycle<TMsg>(SkbDropReason overflowReason = SkbDropReason.NotSpecified)
        where TMsg : ISkbMessage => new(this, overflowReason);
}
