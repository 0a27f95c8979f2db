using ActorStack.Engine;
using Xunit.Sdk;

namespace ActorStack.TestKit;

/// <summary>Expectations about model time.</summary>
public static class ModelTime
{
    /// <summary>
    /// within() in model time: <paramref name="action"/> must take between <paramref name="min"/> and
    /// <paramref name="max"/> of the model clock.
    /// </summary>
    public static T Within<T>(Simulation sim, TimeSpan min, TimeSpan max, Func<T> action)
    {
        ArgumentNullException.ThrowIfNull(sim);
        ArgumentNullException.ThrowIfNull(action);
        long start = sim.Clock.NowNanos;
        var result = action();
        var elapsed = TimeSpan.FromTicks((sim.Clock.NowNanos - start) / 100);
        if (elapsed < min || elapsed > max)
        {
            throw new XunitException($"Expected the block to take {min}..{max} of model time, it took {elapsed}.");
        }

        return result;
    }
}
