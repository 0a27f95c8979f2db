namespace ActorStack.Sockets.Poll;

/// <summary>
/// The entry an epoll item keeps on the watched file's wait queue. Its callback (ep_poll_callback) puts the item on
/// the instance's ready list and wakes one epoll_wait() sleeper; the woken thread reads the ready list and does not
/// rescan anything. Added exclusive with EPOLLEXCLUSIVE, which is how a listener shared by many epoll instances
/// wakes one of them instead of all (the thundering herd).
/// </summary>
/// <remarks>Kernel: fs/eventpoll.c ep_poll_callback(), ep_ptable_queue_proc().</remarks>
public sealed class EpollWaitEntry : WaitEntry
{
    private readonly EpollInstance _ep;
    private readonly EpItem _item;

    internal EpollWaitEntry(EpollInstance ep, EpItem item)
        : base()
    {
        _ep = ep;
        _item = item;
    }

    /// <inheritdoc />
    public override bool Wake(WaitQueue queue, PollEvents key) => _ep.Callback(_item, key);
}
