namespace ActorStack.Sockets.Poll;

/// <summary>How an application thread waits for its sockets.</summary>
public enum WaitMode
{
    /// <summary>Blocking recv()/accept() on one socket: the thread sleeps on that socket's wait queue.</summary>
    Block,

    /// <summary>select() over all its descriptors, then non-blocking reads of the ready ones.</summary>
    Select,

    /// <summary>poll() over all its descriptors, then non-blocking reads of the ready ones.</summary>
    Poll,

    /// <summary>epoll_wait() on its own epoll instance, then non-blocking reads of the reported descriptors.</summary>
    Epoll,
}
