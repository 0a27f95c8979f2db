using System.Collections.Concurrent;

namespace ActorStack.Engine;

/// <summary>
/// A reusable box for a struct message. Akka's Tell takes an object, so a struct would be boxed (an allocation) on
/// every send; the typed layer instead rents a box from the receiver's pool and the receiver gives it back after
/// taking the value out, so a steady flow of messages allocates nothing.
/// </summary>
internal sealed class MessageBox<T>
{
    private readonly BoxPool<T> _pool;

    public MessageBox(BoxPool<T> pool) => _pool = pool;

    public T Value { get; set; } = default!;

    /// <summary>Takes the value out and returns the box to its pool.</summary>
    public T Take()
    {
        var value = Value;
        Value = default!;
        _pool.Return(this);
        return value;
    }

    public override string ToString() => Value?.ToString() ?? "(empty box)";
}

/// <summary>
/// A receiver's boxes. Deterministic mode has one thread, so a plain stack; live mode has senders on several CPU
/// threads, so a lock-free queue (allocation-free at a steady depth).
/// </summary>
internal sealed class BoxPool<T>
{
    private readonly Stack<MessageBox<T>>? _single;
    private readonly ConcurrentQueue<MessageBox<T>>? _shared;

    public BoxPool(bool singleThreaded)
    {
        if (singleThreaded)
        {
            _single = new Stack<MessageBox<T>>();
        }
        else
        {
            _shared = new ConcurrentQueue<MessageBox<T>>();
        }
    }

    public MessageBox<T> Rent(T value)
    {
        MessageBox<T>? box;
        if (_single is not null)
        {
            _single.TryPop(out box);
        }
        else
        {
            _shared!.TryDequeue(out box);
        }

        box ??= new MessageBox<T>(this);
        box.Value = value;
        return box;
    }

    public void Return(MessageBox<T> box)
    {
        if (_single is not null)
        {
            _single.Push(box);
        }
        else
        {
            _shared!.Enqueue(box);
        }
    }
}
