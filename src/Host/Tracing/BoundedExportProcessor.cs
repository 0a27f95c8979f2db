using System.Diagnostics;
using OpenTelemetry;

namespace ActorStack.Host.Tracing;

/// <summary>
/// A batching export processor whose losses are counted, never silent. Ended spans go into a bounded queue that a
/// background thread exports in batches. When the queue is full, a deterministic run waits for room (model time does
/// not move, so waiting changes nothing but wall time); a live run drops the span and counts it, because blocking a
/// simulated CPU's thread would distort the contention being modelled.
/// </summary>
internal sealed class BoundedExportProcessor : BaseExportProcessor<Activity>
{
    private readonly Queue<Activity> _queue = new();
    private readonly int _maxQueue;
    private readonly int _maxBatch;
    private readonly bool _blockWhenFull;
    private readonly DroppedOnlyFilter? _filter;
    private readonly object _gate = new();
    private readonly Thread _worker;
    private bool _stopping;
    private int _exporting;
    private long _exported;
    private long _droppedFull;
    private long _failed;
    private long _droppedUnavailable;

    // Set by the first failed export: the collector is gone, or accepts and never answers (each export then takes the
    // whole OTLP timeout). From then on nothing waits for it: spans are dropped and counted, and the run goes on at
    // full speed instead of waiting out a time-out per batch.
    private bool _unavailable;

    private readonly Action<string>? _warn;
    private readonly string _target;

    public BoundedExportProcessor(BaseExporter<Activity> exporter, int maxQueue, int maxBatch, bool blockWhenFull, DroppedOnlyFilter? filter, string target = "", Action<string>? warn = null)
        : base(exporter)
    {
        _target = target;
        _warn = warn;
        _maxQueue = maxQueue;
        _maxBatch = maxBatch;
        _blockWhenFull = blockWhenFull;
        _filter = filter;
        _worker = new Thread(Work) { IsBackground = true, Name = $"export:{exporter.GetType().Name}" };
        _worker.Start();
    }

    public long Exported => Interlocked.Read(ref _exported);

    public long DroppedQueueFull => Interlocked.Read(ref _droppedFull);

    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Spans dropped because an export had failed before them (the collector was unavailable).</summary>
    public long DroppedUnavailable => Interlocked.Read(ref _droppedUnavailable);

    public DroppedOnlyFilter? Filter => _filter;

    protected override void OnExport(Activity data)
    {
        lock (_gate)
        {
            if (_filter is null)
            {
                Enqueue(data);
            }
            else
            {
                _filter.Offer(data, Enqueue);
            }
        }
    }

    protected override bool OnForceFlush(int timeoutMilliseconds)
    {
        var deadline = Stopwatch.StartNew();
        lock (_gate)
        {
            if (_unavailable)
            {
                // Nothing reaches a failed exporter any more: asking it to flush would only wait out another time-out.
                _droppedUnavailable += _queue.Count;
                _queue.Clear();
                return true;
            }

            while (_queue.Count > 0 || _exporting > 0)
            {
                Monitor.PulseAll(_gate);
                int left = timeoutMilliseconds < 0 ? 100 : timeoutMilliseconds - (int)deadline.ElapsedMilliseconds;
                if (left <= 0)
                {
                    return false;
                }

                Monitor.Wait(_gate, Math.Min(left, 100));
            }
        }

        return exporter.ForceFlush(timeoutMilliseconds);
    }

    protected override bool OnShutdown(int timeoutMilliseconds)
    {
        OnForceFlush(timeoutMilliseconds);
        lock (_gate)
        {
            _stopping = true;
            // Whatever could not be exported in time is counted, not forgotten.
            _droppedFull += _queue.Count;
            _queue.Clear();
            Monitor.PulseAll(_gate);
        }

        _worker.Join(TimeSpan.FromSeconds(5));
        bool unavailable;
        lock (_gate)
        {
            unavailable = _unavailable;
        }

        return exporter.Shutdown(unavailable ? 0 : timeoutMilliseconds);
    }

    // Called with _gate held.
    private void Enqueue(Activity span)
    {
        while (true)
        {
            // Checked again after every wait: a sender woken by the failure that emptied the queue must not hand the
            // failed exporter one more span (and one more time-out).
            if (_unavailable)
            {
                _droppedUnavailable++;
                return;
            }

            if (_queue.Count < _maxQueue)
            {
                break;
            }

            if (!_blockWhenFull || _stopping)
            {
                _droppedFull++;
                return;
            }

            Monitor.PulseAll(_gate);
            Monitor.Wait(_gate);
        }

        _queue.Enqueue(span);
        if (_queue.Count >= _maxBatch)
        {
            Monitor.PulseAll(_gate);
        }
    }

    private void Work()
    {
        var batch = new Activity[_maxBatch];
        while (true)
        {
            int count = 0;
            lock (_gate)
            {
                while (_queue.Count == 0 && !_stopping)
                {
                    Monitor.Wait(_gate, 200);
                }

                if (_queue.Count == 0 && _stopping)
                {
                    return;
                }

                while (count < _maxBatch && _queue.TryDequeue(out var span))
                {
                    batch[count++] = span;
                }

                _exporting++;
                Monitor.PulseAll(_gate);
            }

            ExportResult result;
            var exportTime = Stopwatch.StartNew();
            try
            {
                result = exporter.Export(new Batch<Activity>(batch, count));
            }
            catch (Exception)
            {
                // An exporter must not throw; if one does, the batch is counted as failed like any other failure.
                result = ExportResult.Failure;
            }

            lock (_gate)
            {
                if (result == ExportResult.Success)
                {
                    _exported += count;
                }
                else
                {
                    if (!_unavailable)
                    {
                        // Said when it happens, not only in the report: a deterministic run has been waiting for it.
                        _warn?.Invoke($"warning: trace export to {_target} failed after {exportTime.Elapsed.TotalSeconds:F1} s; from now on its spans are dropped and counted, nothing waits for it again");
                    }

                    _failed += count;
                    _unavailable = true;
                    _droppedUnavailable += _queue.Count;
                    _queue.Clear();
                }

                _exporting--;
                Array.Clear(batch, 0, count);
                Monitor.PulseAll(_gate);
            }
        }
    }
}
