using Akka.Configuration;
using Akka.Event;

namespace ActorStack.Engine.Live;

/// <summary>
/// akka.scheduler.implementation in live mode: one timer thread firing armed timers at their wall-clock due time with
/// sub-millisecond resolution (Akka's default scheduler ticks every 10 ms; interrupt coalescing and the NAPI watchdog
/// need ~0.1 ms, like hrtimers).
/// </summary>
public sealed class HrTimerScheduler : SchedulerBase, ITimerQueue, IDisposable
{
    private readonly PriorityQueue<(ITimerTarget Timer, long Generation), long> _queue = new();
    private readonly IClock _clock;
    private readonly Thread _thread;
    private readonly object _gate = new();
    private bool _stopping;

    /// <summary>Called by Akka with the system's whole config.</summary>
    public HrTimerScheduler(Config config, ILoggingAdapter log)
    {
        _clock = Simulation.Of(config).Clock;
        _thread = new Thread(Loop) { IsBackground = true, Name = "hrtimers" };
        _thread.Start();
    }

    /// <inheritdoc />
    public override long NowNanos => _clock.NowNanos;

    /// <inheritdoc />
    internal override ITimerQueue Timers => this;

    /// <inheritdoc />
    void ITimerQueue.Arm(ITimerTarget timer, long generation, long dueNanos) => ArmAt(timer, generation, dueNanos);

    private void ArmAt(ITimerTarget timer, long generation, long dueNanos)
    {
        lock (_gate)
        {
            _queue.Enqueue((timer, generation), dueNanos);
            Monitor.Pulse(_gate);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.Pulse(_gate);
        }

        if (Thread.CurrentThread != _thread)
        {
            _thread.Join();
        }
    }

    private protected override void Arm(TimeSpan delay, SchedulerTimer timer) => ArmAt(timer, 0, _clock.NowNanos + DelayNanos(delay));

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

                        // A timed wait with 100 ns ticks: the futex wakes within tens of µs on Linux.
                        Monitor.Wait(_gate, TimeSpan.FromTicks(Math.Max(1, wait / 100)));
                    }
                    else
                    {
                        Monitor.Wait(_gate);
                    }
                }
            }

            try
            {
                due.Timer.Fire(due.Generation);
            }
            catch (Exception error)
            {
                // A timer's action must not kill the timer thread; Akka's own scheduler logs and goes on too.
                Console.Error.WriteLine($"timer failed: {error.Message}");
            }
        }
    }
}
