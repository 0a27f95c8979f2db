using System.Diagnostics;
using ActorStack.Softirq.Tracing;

namespace ActorStack.Host.Tracing;

/// <summary>
/// Tail sampling for "only dropped packets": a packet's spans are held until its trace ends. A kfree_skb event
/// releases the whole trace (and every later span of it) for export; a consume_skb (delivered) discards it. Traces
/// of packets GRO merged into an aggregate follow the aggregate's fate. Not thread-safe: its processor serialises.
/// </summary>
internal sealed class DroppedOnlyFilter
{
    private readonly Dictionary<ActivityTraceId, List<Activity>> _held = new();
    private readonly Dictionary<ActivityTraceId, List<ActivityTraceId>> _absorbed = new();
    private readonly HashSet<ActivityTraceId> _kept = new();
    private readonly Queue<ActivityTraceId> _keptOrder = new();
    private readonly int _maxHeld;
    private int _heldSpans;

    public DroppedOnlyFilter(int maxHeldSpans) => _maxHeld = maxHeldSpans;

    /// <summary>Spans discarded because their packet was delivered (not a drop).</summary>
    public long Discarded { get; private set; }

    /// <summary>Spans discarded undecided because the hold buffer was full (counted as lost).</summary>
    public long Evicted { get; private set; }

    /// <summary>Spans of packets whose trace had not ended when the run did (still queued).</summary>
    public long Undecided => _heldSpans;

    /// <summary>Takes one ended span; calls <paramref name="export"/> for every span that is to be exported.</summary>
    public void Offer(Activity span, Action<Activity> export)
    {
        var trace = span.TraceId;
        if (_kept.Contains(trace))
        {
            export(span);
            return;
        }

        if (span.OperationName == "napi_gro_complete")
        {
            // The absorbed packets' traces end here: they share the aggregate's fate.
            foreach (var link in span.Links)
            {
                if (!_absorbed.TryGetValue(trace, out var list))
                {
                    _absorbed[trace] = list = new List<ActivityTraceId>();
                }

                list.Add(link.Context.TraceId);
            }
        }

        bool dropped = false, consumed = false;
        foreach (var e in span.Events)
        {
            dropped |= e.Name == SkbTags.DropEvent;
            consumed |= e.Name == SkbTracer.ConsumeEvent;
        }

        Hold(trace, span);
        if (dropped)
        {
            Release(trace, export);
        }
        else if (consumed)
        {
            Discard(trace);
        }
        else if (_heldSpans > _maxHeld)
        {
            EvictOldest();
        }
    }

    private void Hold(ActivityTraceId trace, Activity span)
    {
        if (!_held.TryGetValue(trace, out var spans))
        {
            _held[trace] = spans = new List<Activity>(8);
        }

        spans.Add(span);
        _heldSpans++;
    }

    /// <summary>Released traces remembered so that a span arriving after the drop still follows its trace.</summary>
    internal const int KeptTraces = 4096;

    private void Release(ActivityTraceId trace, Action<Activity> export)
    {
        // A window, not every dropped packet ever: memory stays bounded however many packets a run drops.
        if (_kept.Add(trace))
        {
            _keptOrder.Enqueue(trace);
            if (_keptOrder.Count > KeptTraces)
            {
                _kept.Remove(_keptOrder.Dequeue());
            }
        }

        if (_held.Remove(trace, out var spans))
        {
            _heldSpans -= spans.Count;
            spans.ForEach(export);
        }

        if (_absorbed.Remove(trace, out var absorbed))
        {
            absorbed.ForEach(t => Release(t, export));
        }
    }

    private void Discard(ActivityTraceId trace)
    {
        if (_held.Remove(trace, out var spans))
        {
            _heldSpans -= spans.Count;
            Discarded += spans.Count;
        }

        if (_absorbed.Remove(trace, out var absorbed))
        {
            absorbed.ForEach(Discard);
        }
    }

    private void EvictOldest()
    {
        // Dictionary enumeration follows insertion order while nothing is removed in between, close enough to
        // "oldest first" for a safety valve that should never trigger in normal runs.
        foreach (var (trace, spans) in _held)
        {
            _held.Remove(trace);
            _heldSpans -= spans.Count;
            Evicted += spans.Count;
            return;
        }
    }
}
