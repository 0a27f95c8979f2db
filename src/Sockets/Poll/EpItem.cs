namespace ActorStack.Sockets.Poll;

/// <summary>
/// One watched descriptor in an epoll instance (struct epitem): the file, the events and flags asked for, whether it
/// is on the ready list, and its entry on the file's wait queue.
/// </summary>
public sealed class EpItem
{
    internal EpItem(EpollInstance ep, IPollable file, int fd, PollEvents events)
    {
        File = file;
        Fd = fd;
        Events = events;
        Node = new LinkedListNode<EpItem>(this);
        Entry = new EpollWaitEntry(ep, this) { Exclusive = (events & PollEvents.EpollExclusive) != 0 };
    }

    /// <summary>The watched file.</summary>
    public IPollable File { get; }

    /// <summary>The descriptor number reported in epoll_event.data.</summary>
    public int Fd { get; }

    /// <summary>epi-&gt;event.events: requested events plus EPOLLET/EPOLLONESHOT/EPOLLEXCLUSIVE (under the ep lock).</summary>
    public PollEvents Events { get; internal set; }

    /// <summary>ep_is_linked(): on the ready list.</summary>
    internal bool OnReadyList { get; set; }

    /// <summary>Its link on the ready list (rdllink), allocated once.</summary>
    internal LinkedListNode<EpItem> Node { get; }

    /// <summary>The ep_poll_callback entry on the file's wait queue.</summary>
    internal EpollWaitEntry Entry { get; }
}
