using ActorStack.Engine;
using ActorStack.Softirq.Skb;
using Serilog;

namespace ActorStack.Softirq;

/// <summary>
/// Tracks skb ownership across actors, and frees the skb with a counted reason whenever a message carrying it is
/// lost to a fault, a full mailbox or a stopped actor, so conservation holds even when the model itself fails.
/// </summary>
public sealed class SkbLifecycle<TMsg> : IMessageLifecycle<TMsg>
    where TMsg : ISkbMessage
{
    private readonly NetStack _stack;
    private readonly SkbDropReason _overflowReason;

    internal SkbLifecycle(NetStack stack, SkbDropReason overflowReason)
    {
        _stack = stack;
        _overflowReason = overflowReason;
    }

    /// <inheritdoc />
    public void OnEnqueued(in TMsg message, int target)
    {
        if (message.Skb is { } skb)
        {
            skb.Owner = target;
        }
    }

    /// <inheritdoc />
    public void OnMailboxOverflow(in TMsg message, int actorId, string actorName)
    {
        if (message.Skb is { IsLive: true } skb)
        {
            _stack.KfreeSkb(skb, _overflowReason);
        }
    }

    /// <inheritdoc />
    public void OnFaulted(in TMsg message, int actorId, string actorName, Exception error)
    {
        // Only if the failing actor still owned it: an skb it had already passed on belongs to someone else.
        if (message.Skb is { IsLive: true } skb && skb.Owner == actorId)
        {
            _stack.Log.Error(error, "actor {Actor} failed holding skb {SkbId}; dropped as NOT_SPECIFIED", actorName, skb.Id);
            _stack.KfreeSkb(skb, SkbDropReason.NotSpecified);
        }
    }

    /// <inheritdoc />
    public void OnDeadLetter(in TMsg message, int actorId, string actorName)
    {
        if (message.Skb is { IsLive: true } skb)
        {
            _stack.KfreeSkb(skb, SkbDropReason.NotSpecified);
        }
    }
}
