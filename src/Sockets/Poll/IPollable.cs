namespace ActorStack.Sockets.Poll;

/// <summary>
/// An open file select/poll/epoll can watch (f_op-&gt;poll): its wait queue, where watchers hook their callback, and
/// the events it would report now. <see cref="Poll"/> reads published state without the socket's lock, as the
/// kernel's sock_poll/tcp_poll/datagram_poll do from the polling thread.
/// </summary>
public interface IPollable
{
    /// <summary>The wait queue sk_data_ready wakes (sk_sleep(sk)).</summary>
    WaitQueue Wait { get; }

    /// <summary>The events ready now (EPOLLIN | EPOLLRDNORM when readable).</summary>
    PollEvents Poll();
}
