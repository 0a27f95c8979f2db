using System.Collections.Concurrent;
using System.Diagnostics;
using ActorStack.Softirq.Tracing;

namespace ActorStack.Model.Tests;

/// <summary>Records every finished ActorStack span while alive, as an exporter would see them.</summary>
internal sealed class ActivityCollector : IDisposable
{
    private readonly ActivityListener _listener;

    public ActivityCollector()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == SkbTags.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public ConcurrentQueue<Activity> Spans { get; } = new();

    public void Dispose() => _listener.Dispose();
}
