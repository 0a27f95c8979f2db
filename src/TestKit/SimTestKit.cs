using ActorStack.Engine;
using Akka.TestKit;
using Xunit.Abstractions;

namespace ActorStack.TestKit;

/// <summary>
/// Akka.TestKit on a <see cref="Simulation"/>: <c>Sys</c> is the simulation's Akka system, so TestKit's probes,
/// ExpectMsg and friends work against model actors. In deterministic mode use the typed probes
/// (<see cref="CreateProbe{T}"/>): their expectations run the model in model time until the message arrives or the
/// model is quiet, and never sleep.
/// </summary>
public abstract class SimTestKit : Akka.TestKit.Xunit2.TestKit
{
    /// <summary>A deterministic simulation with <paramref name="cpus"/> CPUs and <paramref name="seed"/>.</summary>
    protected SimTestKit(int cpus = 2, int seed = 1, ITestOutputHelper? output = null)
        : this(new SimulationOptions { Mode = ExecutionMode.Deterministic, CpuCount = cpus, Seed = seed }, output)
    {
    }

    /// <summary>A simulation built with <paramref name="options"/> (live or deterministic).</summary>
    protected SimTestKit(SimulationOptions options, ITestOutputHelper? output = null)
        : this(Simulation.Create(options), output)
    {
    }

    /// <summary>A TestKit on an existing simulation (built by a simulated host, say); the kit disposes it.</summary>
    protected SimTestKit(Simulation simulation, ITestOutputHelper? output = null)
        : base((simulation ?? throw new ArgumentNullException(nameof(simulation))).Akka, output)
    {
        Sim = simulation;
    }

    /// <summary>The simulation under test.</summary>
    protected Simulation Sim { get; }

    /// <summary>A typed probe: give <see cref="TypedProbe{T}.Ref"/> to the actors under test.</summary>
    protected TypedProbe<T> CreateProbe<T>(string? name = null) => new(Sim, CreateTestProbe(name));

    /// <summary>
    /// TestKit's Within in model time: <paramref name="action"/> must take between <paramref name="min"/> and
    /// <paramref name="max"/> of model time (TestKit's own Within measures wall time).
    /// </summary>
    protected T WithinModelTime<T>(TimeSpan min, TimeSpan max, Func<T> action) => ModelTime.Within(Sim, min, max, action);

    /// <inheritdoc />
    protected override void AfterAll()
    {
        // The model's actors stop first, on the driver, one at a time (as they ran); then TestKit stops Akka.
        Sim.Dispose();
        base.AfterAll();
    }
}
