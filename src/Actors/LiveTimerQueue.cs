namespace ActorStack.Actors;

/// <summary>Live mode: one timer thread firing armed timers at their wall-clock due time.</summary>
internal sealed class LiveTimerQueue : ITimerQueue, IDisposable
{
    private readonly PriorityQueue<(ITimerTarget Timer, long Generation), long> _queue = new();
    private readonly IClock _clock;
    private readonly Thread _thread;
    private readonly object _gate = new();
    private bool _stopping;

    public LiveTimerQueue(IClock clock)
    {
        _clock = clock;
        _thread = new Thread(Loop) { IsBackground = true, Name = "timers" };
        _thread.Start();
    }

    public void Arm(ITimerTarget timer, long generation, long dueNanos)
    {
        lock (_gate)
        {
            _queue.Enqueue((timer, generation), dueNanos);
            Monitor.Pulse(_gate);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.Pulse(_gate);
        }

        _thread.Join();
    }

    private void Loop()
    {
        while (true)
        {
            (ITimerTarget Timer, long Generation) due;
            lock (_gate)
            {
                while (true)
                {
                    if (_stopping)
                    {
                        return;
                    }

                    if (_queue.TryPeek(out _, out long at))
                    {
                        long wait = at - _clock.NowNanos;
                        if (wait <= 0)
                        {
                            due = _queue.Dequeue();
                            break;
                        }

                        // Monitor granularity is ~1 ms; callers that need finer pacing batch what is due.
                        Monitor.Wait(_gate, TimeSpan.FromTicks(Math.Max(1, wait / 100)));
                    }
                    else
                    {
                        Monitor.Wait(_gate);
                    }
                }
            }

            due.Timer.Fire(due.Generation);
        }
    }
}
