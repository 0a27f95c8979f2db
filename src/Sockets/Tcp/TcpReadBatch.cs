using ActorStack.Softirq.Skb;

namespace ActorStack.Sockets.Tcp;

/// <summary>
/// What one tcp_recvmsg() takes from the receive queue while the reader owns the socket: the pieces of skbs to copy,
/// in stream order. A piece marked finished is the skb's last byte: the skb passes to the reader, which frees it
/// after the copy (tcp_eat_recv_skb). One batch per socket, reused by every call (only the owner uses it).
/// </summary>
public sealed class TcpReadBatch
{
    private SkBuff[] _skbs = new SkBuff[16];
    private int[] _headers = new int[16];
    private int[] _offsets = new int[16];
    private int[] _lengths = new int[16];
    private bool[] _finished = new bool[16];

    /// <summary>Pieces.</summary>
    public int Count { get; private set; }

    /// <summary>Bytes in all pieces.</summary>
    public int Bytes { get; private set; }

    /// <summary>Stream offset (relative to the peer's ISN + 1) of the first byte.</summary>
    public long StreamOffset { get; internal set; }

    /// <summary>The reader reached the peer's FIN: end of stream (recv returns 0 after these bytes).</summary>
    public bool Eof { get; internal set; }

    /// <summary>The connection was reset (ECONNRESET).</summary>
    public bool Reset { get; internal set; }

    /// <summary>The skb of piece <paramref name="i"/>.</summary>
    public SkBuff Skb(int i) => _skbs[i];

    /// <summary>Header length of piece <paramref name="i"/>'s skb.</summary>
    public int HeaderLength(int i) => _headers[i];

    /// <summary>Payload offset of piece <paramref name="i"/> within its skb.</summary>
    public int Offset(int i) => _offsets[i];

    /// <summary>Bytes of piece <paramref name="i"/>.</summary>
    public int Length(int i) => _lengths[i];

    /// <summary>True if piece <paramref name="i"/> ends its skb (the reader frees it).</summary>
    public bool Finished(int i) => _finished[i];

    internal void Clear()
    {
        Array.Clear(_skbs, 0, Count);
        Count = 0;
        Bytes = 0;
        Eof = false;
        Reset = false;
    }

    internal void MarkLastFinished() => _finished[Count - 1] = true;

    internal void Add(SkBuff skb, int headerLength, int offset, int length, bool finished)
    {
        if (Count == _skbs.Length)
        {
            int n = Count * 2;
            Array.Resize(ref _skbs, n);
            Array.Resize(ref _headers, n);
            Array.Resize(ref _offsets, n);
            Array.Resize(ref _lengths, n);
            Array.Resize(ref _finished, n);
        }

        _skbs[Count] = skb;
        _headers[Count] = headerLength;
        _offsets[Count] = offset;
        _lengths[Count] = length;
        _finished[Count] = finished;
        Count++;
        Bytes += length;
    }
}
