using ActorStack.Host;

namespace ActorStack.Model.Tests;

/// <summary>Runs shipped scenarios, shortened, with overrides.</summary>
internal static class ScenarioRunner
{
    public static ScenarioOptions Options(string scenario, params string[] settings)
    {
        var options = Scenarios.Apply(new ScenarioOptions(), Scenarios.Find(scenario));
        foreach (var setting in settings)
        {
            options = Knobs.Apply(options, setting);
        }

        options.Validate();
        return options;
    }

    public static RunResult Run(ScenarioOptions options)
    {
        using var host = new SimulatedHost(options);
        var result = host.Run();
        Assert.True(result.Quiet, "the model did not go quiet");
        Assert.True(result.Conservation.Holds, result.Conservation.ToString());
        return result;
    }

    public static RunResult Run(string scenario, params string[] settings) => Run(Options(scenario, settings));
}

/// <summary>
/// Live-mode runs whose point is a race between real threads (an interrupt against a busy poller, softirq's wakeup
/// against a thread going to sleep). On a loaded host the OS may schedule the threads so that the race never happens
/// in a run (the reader never falls idle, say): such a run still has to keep every invariant, but it proves nothing
/// about the race, so the run is repeated until the race happened: up to 20 runs of about a second each (a full
/// suite on a 2-core machine with a CPU hog beside it once went 5 runs without the race).
/// </summary>
internal static class LiveRace
{
    public static RunResult RunUntil(Func<RunResult> run, Func<RunResult, bool> raceHappened, int attempts = 20)
    {
        RunResult result = run();
        for (int attempt = 1; attempt < attempts && !raceHappened(result); attempt++)
        {
            result = run();
        }

        return result;
    }
}
