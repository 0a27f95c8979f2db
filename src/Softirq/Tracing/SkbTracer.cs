using System.Diagnostics;
using ActorStack.Actors;
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

    private readonly IClock _clock;

    /// <summary>Creates a tracer on <paramref name="clock"/>.</summary>
    public SkbTracer(IClock clock) => _clock = clock;

    /// <summary>True when someone listens (an exporter or a test collector).</summary>
    public static bool Enabled => Source.HasListeners();

    /// <summary>
    /// Starts a hop span for <paramref name="skb"/> as the child of its previous hop (a root if it has none),
    /// and makes it the skb's current trace position.
    /// </summary>
    public Activity? StartHop(string name, SkBuff skb, int cpu)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity(name, ActivityKind.Internal, skb.Trace, startTime: _clock.UtcNow);
        if (activity is null)
        {
            return null;
        }

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
        if (!Source.HasListeners())
        {
            return;
        }

        var links = new List<ActivityLink>(head.Segments - 1);
        for (var s = head.FragList; s is not null; s = s.FragNext)
        {
            links.Add(new ActivityLink(s.Trace));
        }

        var activity = Source.StartActivity("napi_gro_complete", ActivityKind.Internal, head.Trace, tags: null, links: links, startTime: _clock.UtcNow);
        if (activity is null)
        {
            return;
        }

        activity.SetTag(SkbTags.SkbId, head.Id);
        activity.SetTag(SkbTags.Len, head.Length);
        activity.SetTag(SkbTags.Truesize, head.Truesize);
        activity.SetTag("gro.segs", head.Segments);
        activity.SetTag("gso_size", head.GsoSize);
        head.Trace = activity.Context;
        End(activity);
    }

    /// <summary>Starts a root span for something that is not an skb yet (a frame being DMA'd).</summary>
    public Activity? StartRoot(string name, int queue, int length)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity(name, ActivityKind.Internal, default(ActivityContext), startTime: _clock.UtcNow);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(SkbTags.RxQueue, queue);
            activity.SetTag(SkbTags.Len, length);
        }

        return activity;
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
        var end = _clock.UtcNow.UtcDateTime;
        if (end <= activity.StartTimeUtc)
        {
            end = activity.StartTimeUtc.AddTicks(1);
        }

        activity.SetEndTime(end);
        activity.Stop();
    }

    /// <summary>Records a drop on the span: a kfree_skb event carrying the kernel reason name.</summary>
    public static void RecordDrop(Activity? activity, SkbDropReason reason)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag(SkbTags.DropReason, reason.KernelName());
        activity.AddEvent(new ActivityEvent(SkbTags.DropEvent, tags: new ActivityTagsCollection { [SkbTags.DropReason] = reason.KernelName() }));
    }
}
