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
