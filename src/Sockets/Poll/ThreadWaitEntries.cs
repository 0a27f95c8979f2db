using ActorStack.Engine;

namespace ActorStack.Sockets.Poll;

/// <summary>
/// A socket's sleepers: one <see cref="ThreadWaitEntry"/> per thread that ever blocked on it, made on its first block
/// and reused after (the kernel's entry lives on the sleeping thread's stack; here nothing is allocated per packet).
/// </summary>
public sealed class ThreadWaitEntries
{
    private readonly Dictionary<ITell<Wakeup>, ThreadWaitEntry> _entries = new(ReferenceEqualityComparer.Instance);
    private readonly bool _exclusive;
    private readonly PollEvents _mask;

    /// <summary>Entries added exclusive or not, woken by keys in <paramref name="mask"/>.</summary>
    public ThreadWaitEntries(bool exclusive, PollEvents mask)
    {
        _exclusive = exclusive;
        _mask = mask;
    }

    /// <summary>Puts <paramref name="thread"/> to sleep on <paramref name="queue"/> (prepare_to_wait[_exclusive]).</summary>
    public void Sleep(ITell<Wakeup> thread, WaitQueue queue)
    {
        ArgumentNullException.ThrowIfNull(queue);
        if (!_entries.TryGetValue(thread, out var entry))
        {
            entry = new ThreadWaitEntry { Thread = thread, Exclusive = _exclusive, Mask = _mask };
            _entries[thread] = entry;
        }

        queue.Add(entry);
    }
}
