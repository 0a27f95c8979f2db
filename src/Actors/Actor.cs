namespace ActorStack.Actors;

/// <summary>
/// Base class for every actor. An actor handles one message at a time; its state is touched by no one else.
/// </summary>
/// <typeparam name="TMsg">The closed message type this actor accepts (prefer a struct or a pooled class: no allocation per message).</typeparam>
public abstract class Actor<TMsg>
{
    private IActorContext? _context;
    private ActorRef<TMsg>? _self;

    /// <summary>This actor's own reference.</summary>
    protected ActorRef<TMsg> Self => _self ?? throw new InvalidOperationException("Actor is not started.");

    /// <summary>The runtime services available to this actor: clock, timers, system.</summary>
    protected IActorContext Context => _context ?? throw new InvalidOperationException("Actor is not started.");

    internal void Attach(ActorRef<TMsg> self, IActorContext context)
    {
        _self = self;
        _context = context;
    }

    /// <summary>Handles one message. Exceptions are caught by the mailbox and handed to the supervisor.</summary>
    protected internal abstract void Receive(TMsg message);

    /// <summary>Called once after the actor is attached, before its first message.</summary>
    protected internal virtual void PreStart()
    {
    }

    /// <summary>
    /// Called on the failed instance before it is replaced. Release whatever the instance holds
    /// (queued skbs, buffers) here: its state is about to be thrown away.
    /// </summary>
    protected internal virtual void PreRestart(Exception reason)
    {
    }

    /// <summary>Called when the actor stops for good. Release held resources here too.</summary>
    protected internal virtual void PostStop()
    {
    }
}
