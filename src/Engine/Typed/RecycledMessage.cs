namespace ActorStack.Engine;

/// <summary>
/// Base of a recycled message case: its pool, renting, and the guard that faults a second recycle (the same instance
/// told to two receivers) instead of putting it in the pool twice. A case adds its fields, sets them after
/// <see cref="Rent"/>, and clears what it holds in <see cref="Clear"/>.
/// </summary>
/// <typeparam name="TSelf">The message case.</typeparam>
public abstract class RecycledMessage<TSelf> : IRecycledMessage
    where TSelf : RecycledMessage<TSelf>
{
    // Cases keep their constructors private: the pool makes an instance only when none is free.
    private static readonly MessagePool<TSelf> Pool = new(() => (TSelf)Activator.CreateInstance(typeof(TSelf), nonPublic: true)!);
    private bool _inUse;

    /// <summary>A free instance, marked in use.</summary>
    protected static TSelf Rent()
    {
        var message = Pool.Rent();
        ((RecycledMessage<TSelf>)message)._inUse = true;
        return message;
    }

    /// <summary>Drops what the message holds before it goes back to the pool.</summary>
    protected virtual void Clear()
    {
    }

    void IRecycledMessage.Recycle()
    {
        if (!_inUse)
        {
            throw new InvalidOperationException($"A {typeof(TSelf).Name} message was recycled twice (told to two receivers?).");
        }

        _inUse = false;
        Clear();
        Pool.Return((TSelf)this);
    }
}
