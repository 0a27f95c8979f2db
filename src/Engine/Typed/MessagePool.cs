using System.Collections.Concurrent;

namespace ActorStack.Engine;

/// <summary>
/// A message case that is sent once per packet and so is recycled instead of allocated: the typed layer hands it back
/// (<see cref="Recycle"/>) once its receiver has handled it. The receiver must neither keep nor forward it; what it
/// carries (an skb, say) it may keep. A message that never reaches normal handling (lost to a fault, a full mailbox or
/// a stopped actor, or told to a test probe) is not recycled: the garbage collector takes it.
/// </summary>
public interface IRecycledMessage
{
    /// <summary>Clears the message and returns it to its pool. Throws if it was already returned.</summary>
    void Recycle();
}

/// <summary>
/// Free instances of one recycled message case, shared by every simulation in the process: a lock-free queue, since
/// in live mode a message is rented on the sender's CPU thread and returned on the receiver's (allocation-free at a
/// steady depth).
/// </summary>
/// <typeparam name="T">The message case.</typeparam>
public sealed class MessagePool<T>
    where T : class, IRecycledMessage
{
    private readonly ConcurrentQueue<T> _free = new();
    private readonly Func<T> _create;

    /// <summary>A pool that makes a new instance with <paramref name="create"/> when none is free.</summary>
    public MessagePool(Func<T> create) => _create = create ?? throw new ArgumentNullException(nameof(create));

    /// <summary>A free instance, or a new one.</summary>
    public T Rent() => _free.TryDequeue(out var message) ? message : _create();

    /// <summary>Gives <paramref name="message"/> back (from its <see cref="IRecycledMessage.Recycle"/>).</summary>
    public void Return(T message) => _free.Enqueue(message);
}
