using Akka.Actor;

namespace ActorStack.Engine;

/// <summary>
/// The parent of every model actor. It runs on the engine like the model (Akka's /user guardian runs on the thread
/// pool, so its supervision would land at wall-clock moments), and supervises each child by the child's own
/// <see cref="Supervision"/>: the failing actor decides the directive and reports the fault (see
/// <see cref="ModelActorFailure"/>); restart windows are never wall-clock.
/// </summary>
internal sealed class KernelRoot : ActorBase
{
    private readonly Simulation _simulation;

    public KernelRoot(Action onCreated, Simulation simulation)
    {
        _simulation = simulation;
        onCreated();
    }

    protected override bool Receive(object message) => false;

    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(-1, -1, Decide, loggingEnabled: false);

    // Actors that are not model actors (a test's own, say) stop on failure.
    private static Directive Decide(Exception error) => error is ModelActorFailure failure ? failure.Directive : Directive.Stop;

    public override string ToString() => $"kernel root of simulation {_simulation.Options.Mode}";
}
