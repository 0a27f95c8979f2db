using ActorStack.Engine;

namespace ActorStack.Sockets.Tcp;

/// <summary>
/// tcp_recvmsg() took bytes: the thread owns the socket until it releases it. A socket has one read batch and sends
/// the same message every time (the owner consumes the batch before it calls again).
/// </summary>
public sealed class TcpData : ITcpRecvReply
{
    internal TcpData(TcpReadBatch batch) => Batch = batch;

    /// <summary>The bytes taken.</summary>
    public TcpReadBatch Batch { get; }

    /// <inheritdoc />
    public override string ToString() => $"TcpData({Batch.Bytes} B)";
}

/// <summary>
/// The owner must pay for <see cref="Count"/> backlog skbs __release_sock() processed before the socket is released.
/// Recycled.
/// </summary>
public sealed class TcpBacklog : RecycledMessage<TcpBacklog>, ITcpRecvReply
{
    private TcpBacklog()
    {
    }

    /// <summary>Backlog skbs processed.</summary>
    public int Count { get; private set; }

    /// <summary>The message for <paramref name="count"/> processed skbs.</summary>
    public static TcpBacklog Of(int count)
    {
        var message = Rent();
        message.Count = count;
        return message;
    }

    /// <inheritdoc />
    public override string ToString() => $"TcpBacklog({Count})";
}

/// <summary>release_sock() finished: the socket is no longer owned.</summary>
public sealed class TcpReleased : ITcpRecvReply
{
    private TcpReleased()
    {
    }

    /// <summary>The one instance.</summary>
    public static TcpReleased Instance { get; } = new();

    /// <inheritdoc />
    public override string ToString() => nameof(TcpReleased);
}

/// <summary>accept() returned a connection.</summary>
public sealed class TcpAccepted : IAcceptReply
{
    /// <summary>The message for <paramref name="connection"/>.</summary>
    public TcpAccepted(TcpConnection connection) => Connection = connection ?? throw new ArgumentNullException(nameof(connection));

    /// <summary>The accepted connection.</summary>
    public TcpConnection Connection { get; }

    /// <inheritdoc />
    public override string ToString() => $"TcpAccepted({Connection.Socket.Name})";
}
