using Akka.Actor;

namespace ActorStack.Engine;

/// <summary>
/// Base class for every model actor: an Akka.NET actor that accepts one closed message type. It handles one message
/// at a time; its state is touched by no one else. Its work is costed on its CPU through <see cref="Cpu"/>.
/// </summary>
/// <typeparam name="TMsg">
/// The message type this actor accepts: a closed hierarchy (an abstract class or interface whose cases are listed next
/// to it). A struct travels in a pooled box, a class as it is; a case sent per packet is an <see cref="IRecycledMessage"/>.
/// </typeparam>
public abstract class Actor<TMsg> : ActorBase
{
    private ActorRef<TMsg>? _self;
    private ICpuContext? _cpu;

    /// <summary>This actor's own typed reference (Akka's untyped one is <c>Self.Akka</c>).</summary>
    protected new ActorRef<TMsg> Self => _self ?? throw new InvalidOperationException("Actor is not started.");

    /// <summary>The actor's CPU: Spend, the clock, need_resched, timers.</summary>
    protected ICpuContext Cpu => _cpu ?? throw new InvalidOperationException("Actor is not started.");

    /// <summary>Handles one message. An exception goes to supervision (see <see cref="Props{TMsg}.Supervisor"/>).</summary>
    protected abstract void Receive(TMsg message);

    /// <summary>Called on the failed instance before it is replaced. Release whatever the instance holds here.</summary>
    protected virtual void PreRestart(Exception reason)
    {
    }

    /// <inheritdoc />
    protected sealed override bool Receive(object message)
    {
        // Only what the typed layer sent was counted as in flight; a raw Akka tell is handled but not uncounted.
        bool counted = ReferenceEquals(Sender, ActorRef<TMsg>.CountedSender);
        TMsg typed;
        if (message is MessageBox<TMsg> box)
        {
            typed = box.Take();
        }
        else if (message is TMsg direct)
        {
            typed = direct;
        }
        else
        {
            return false;
        }

        try
        {
            if (_self!.Faults is { } faults && faults.ShouldFail(_cpu!.Clock.NowNanos))
            {
                throw new InjectedFaultException(_self.Name, faults.Description);
            }

            Receive(typed);

            // Handled: a per-packet message case goes back to its pool. After a fault it is left to the collector, as
            // supervision may still look at it. The type test folds away for struct messages.
            if (!typeof(TMsg).IsValueType && typed is IRecycledMessage recycled)
            {
                recycled.Recycle();
            }
        }
        catch (Exception error) when (error is not ModelActorFailure)
        {
            throw new ModelActorFailure(_self!.Name, _self.Failed(typed, error), error);
        }
        finally
        {
            if (counted)
            {
                _self!.Simulation.MessageDone();
            }
        }

        return true;
    }

    /// <inheritdoc />
    protected sealed override void PreRestart(Exception reason, object message) =>
        PreRestart(reason is ModelActorFailure failure ? failure.InnerException ?? reason : reason);

    /// <inheritdoc />
    public override void AroundPostStop()
    {
        _self?.MarkStopped();
        base.AroundPostStop();
    }

    internal void Bind(ActorRef<TMsg> self)
    {
        self.Bind(base.Self);
        _self = self;
        _cpu = new CpuContext((ISimDispatcher)Context.Dispatcher, self.Name);
    }
}
