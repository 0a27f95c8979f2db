namespace ActorStack.Actors;

/// <summary>
/// A deterministic mailbox's queue: messages leave in order of the virtual time they become ready (each sender's
/// clock at its Tell), ties in arrival order. A FIFO would let a message sent late in virtual time, but queued
/// first, hold back messages from other senders that were ready earlier — e.g. a reader's release_sock told at the
/// end of a 2 ms copy would overtake the segments softirq delivered during that copy. Per sender the order stays
/// FIFO, since a sender's clock never goes back.
/// </summary>
internal sealed class TimedQueue<T>
{
    private readonly PriorityQueue<(T Message, long ReadyAt), (long ReadyAt, long Order)> _queue = new();
    private long _order;

    public int Count => _queue.Count;

    public long HeadReadyAt => _queue.TryPeek(out var head, out _) ? head.ReadyAt : long.MaxValue;

    public void Enqueue((T Message, long ReadyAt) entry) => _queue.Enqueue(entry, (entry.ReadyAt, _order++));

    public (T Message, long ReadyAt) Dequeue() => _queue.Dequeue();

    public bool TryDequeue(out (T Message, long ReadyAt) entry) => _queue.TryDequeue(out entry, out _);
}
