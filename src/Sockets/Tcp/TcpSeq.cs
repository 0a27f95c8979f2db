namespace ActorStack.Sockets.Tcp;

/// <summary>Sequence-space comparisons modulo 2^32 (include/net/tcp.h before()/after()).</summary>
public static class TcpSeq
{
    /// <summary>True if <paramref name="a"/> comes before <paramref name="b"/>.</summary>
    public static bool Before(uint a, uint b) => (int)(a - b) < 0;

    /// <summary>True if <paramref name="a"/> comes after <paramref name="b"/>.</summary>
    public static bool After(uint a, uint b) => (int)(b - a) < 0;
}
