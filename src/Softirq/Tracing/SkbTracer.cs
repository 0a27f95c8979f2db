using System.Diagnostics;
using ActorStack.Engine;
using ActorStack.Softirq.Skb;

namespace ActorStack.Softirq.Tracing;

/// <summary>
/// One trace per packet, one span per hop named after the kernel function, each the child of the previous hop.
/// Timestamps come from the model clock (virtual time in deterministic mode). With no listener nothing is allocated.
/// </summary>
public sealed class SkbTracer
{
    /// <summary>The single ActivitySource of the model.</summary>
    public static readonly ActivitySource Source = new(SkbTags.SourceName, "1.0");

    /// <summary>The event that ends a delivered packet's trace (consume_skb, as opposed to kfree_skb).</summary>
    public const string ConsumeEvent = "consume_skb";

    private readonly IClock _clock;
    private long _arrivals;
    private long _spans;

    /// <summary>Creates a tracer on <paramref name="clock"/>.</summary>
    public SkbTracer(IClock clock) => _clock = clock;

    /// <summary>True when someone listens (an exporter or a test collector).</summary>
    public static bool Enabled => Source.HasListeners();

    /// <summary>Which packets get a trace (decided at their first hop).</summary>
    public TraceSampling Sampling { get; set; } = TraceSampling.All;

    /// <summary>
    /// The wall-clock instant model time 0 is shown at; null: the clock's own (virtual time's fixed epoch, or
    /// real time in live mode). Jaeger searches recent traces, so the console sets the run's start time.
    /// </summary>
    public DateTimeOffset? Epoch { get; set; }

    /// <summary>Spans started so far (every one ends up exported, filtered by sampling, or counted as lost).</summary>
    public long SpansStarted => Interlocked.Read(ref _spans);

    private DateTimeOffset Now => At(_clock.NowNanos);

    /// <summary>
    /// Starts a hop span for <paramref name="skb"/> as the child of its previous hop, and makes it the skb's current
    /// trace position. Nothing if the packet is not traced.
    /// </summary>
    public Activity? StartHop(string name, SkBuff skb, int cpu)
    {
        // A packet that was not sampled at its root has no trace context, and gets no spans.
        if (skb.Trace == default || !Source.HasListeners())
        {
            return null;
        }

        var activity = Detached(Source.StartActivity(name, ActivityKind.Internal, skb.Trace, startTime: Now));
        if (activity is null)
        {
            return null;
        }

        Interlocked.Increment(ref _spans);

        if (activity.IsAllDataRequested)
        {
            activity.SetTag(SkbTags.SkbId, skb.Id);
            activity.SetTag(SkbTags.Cpu, cpu);
            activity.SetTag(SkbTags.RxQueue, skb.RxQueue);
            activity.SetTag(SkbTags.Len, skb.Length);
            activity.SetTag(SkbTags.Truesize, skb.Truesize);
        }

        skb.Trace = activity.Context;
        return activity;
    }

    /// <summary>
    /// A GRO aggregate completes: a napi_gro_complete span on the head packet's trace, linked to the trace of every
    /// packet merged into it, so Jaeger can go from the aggregate to the packets it absorbed.
    /// </summary>
    public void RecordGroMerge(SkBuff head)
    {
        ArgumentNullException.ThrowIfNull(head);
        if (head.Trace == default || !Source.HasListeners())
        {
            return;
        }

        var links = new List<ActivityLink>(head.Segments - 1);
        for (var s = head.FragList; s is not null; s = s.FragNext)
        {
            if (s.Trace != default)
            {
                links.Add(new ActivityLink(s.Trace));
            }
        }

        var activity = Detached(Source.StartActivity("napi_gro_complete", ActivityKind.Internal, head.Trace, tags: null, links: links, startTime: Now));
        if (activity is null)
        {
            return;
        }

        Interlocked.Increment(ref _spans);
        activity.SetTag(SkbTags.SkbId, head.Id);
        activity.SetTag(SkbTags.Len, head.Length);
        activity.SetTag(SkbTags.Truesize, head.Truesize);
        activity.SetTag(SkbTags.GroSegs, head.Segments);
        activity.SetTag(SkbTags.GsoSize, head.GsoSize);
        head.Trace = activity.Context;
        End(activity);
    }

    /// <summary>
    /// Starts the root span of a frame arriving at the NIC (not an skb yet), if sampling picks it: tagged with its
    /// flow 5-tuple, queue and length. Null if the frame is not traced.
    /// </summary>
    public Activity? StartRoot(string name, int queue, ReadOnlySpan<byte> frame)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        long arrival = Interlocked.Increment(ref _arrivals) - 1;
        var flow = FlowTuple.Of(frame);
        if (!Sampling.Sample(arrival, flow))
        {
            return null;
        }

        var activity = Detached(Source.StartActivity(name, ActivityKind.Internal, default(ActivityContext), startTime: Now));
        if (activity is not { IsAllDataRequested: true })
        {
            return activity;
        }

        Interlocked.Increment(ref _spans);
        activity.SetTag(SkbTags.RxQueue, queue);
        activity.SetTag(SkbTags.Len, frame.Length);
        if (flow.Protocol != 0)
        {
            activity.SetTag(SkbTags.Saddr, FlowTuple.Address(flow.Saddr));
            activity.SetTag(SkbTags.Daddr, FlowTuple.Address(flow.Daddr));
            activity.SetTag(SkbTags.Protocol, flow.Protocol switch { 17 => "udp", 6 => "tcp", 1 => "icmp", _ => flow.Protocol.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            if (flow.Protocol is 6 or 17)
            {
                activity.SetTag(SkbTags.Sport, (int)flow.Sport);
                activity.SetTag(SkbTags.Dport, (int)flow.Dport);
            }
        }

        return activity;
    }

    /// <summary>
    /// The hard interrupt that scheduled the poll which picked this packet up: an irq_handler_entry event at the
    /// interrupt's model time, naming the vector.
    /// </summary>
    public void RecordIrq(Activity activity, long irqNanos, string irqName)
    {
        ArgumentNullException.ThrowIfNull(activity);
        activity.AddEvent(new ActivityEvent("irq_handler_entry", At(irqNanos), new ActivityTagsCollection { ["irq"] = irqName }));
    }

    // The instant model time nanos is shown at: from the epoch if one is set, else relative to the clock's own now.
    private DateTimeOffset At(long nanos) =>
        Epoch is { } epoch ? epoch.AddTicks(nanos / 100) : _clock.UtcNow.AddTicks((nanos - _clock.NowNanos) / 100);

    /// <summary>The packet reached the application: a consume_skb event ends its trace as delivered.</summary>
    public void RecordConsumed(Activity? activity)
    {
        // An event without a time would carry wall time; it happens now in model time.
        activity?.AddEvent(new ActivityEvent(ConsumeEvent, Now));
    }

    /// <summary>Ends a hop span at the model's current time.</summary>
    public void End(Activity? activity)
    {
        if (activity is null)
        {
            return;
        }

        // Activity.Stop() replaces a zero duration with wall time, which would be wrong under the virtual clock:
        // a hop that took no modelled time is given one tick (100 ns) instead.
        var end = Now.UtcDateTime;
        if (end <= activity.StartTimeUtc)
        {
            end = activity.StartTimeUtc.AddTicks(1);
        }

        activity.SetEndTime(end);
        activity.Stop();
        // Stop makes the span's parent the thread's current activity: the model never uses an ambient current
        // activity (every span names its parent), and a CPU thread that kept one would keep a chain of finished spans.
        Activity.Current = null;
    }

    /// <summary>Records a drop on the span: a kfree_skb event carrying the kernel reason name.</summary>
    // A span is started and ended by different hops, often on different CPU threads in live mode. Starting one makes it
    // the thread's current activity (an AsyncLocal), and a span left current on a thread that never stops it keeps every
    // span started there after it reachable: memory grew with the packet count. Spans name their parents explicitly, so
    // none is left current.
    private static Activity? Detached(Activity? activity)
    {
        if (activity is not null)
        {
            Activity.Current = null;
        }

        return activity;
    }

    public void RecordDrop(Activity? activity, SkbDropReason reason)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag(SkbTags.DropReason, reason.KernelName());
        activity.AddEvent(new ActivityEvent(SkbTags.DropEvent, Now, new ActivityTagsCollection { [SkbTags.DropReason] = reason.KernelName() }));
    }
}
