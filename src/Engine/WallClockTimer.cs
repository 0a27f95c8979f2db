namespace ActorStack.Engine;

/// <summary>Wall-clock fallback for Akka's own infrastructure timers in deterministic mode (never part of the model).</summary>
internal static class WallClockTimer
{
    public static void Start(TimeSpan delay, ITimerTarget timer) => _ = RunAsync(delay, timer);

    private static async Task RunAsync(TimeSpan delay, ITimerTarget timer)
    {
        await Task.Delay(delay).ConfigureAwait(false);
        timer.Fire(0);
    }
}
