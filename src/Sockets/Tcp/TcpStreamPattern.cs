namespace ActorStack.Sockets.Tcp;

/// <summary>
/// The bytes a test stream carries: byte i of connection c is a fixed function of i and c with a prime period
/// (65521), so a reader can check every byte it copies, and a segment misplaced by any amount short of 65521
/// segments is caught.
/// </summary>
public static class TcpStreamPattern
{
    private const int Period = 65521;
    private static readonly byte[] Table = BuildTable();

    /// <summary>Fills <paramref name="destination"/> with connection <paramref name="connection"/>'s bytes from <paramref name="offset"/>.</summary>
    public static void Fill(int connection, long offset, Span<byte> destination)
    {
        int written = 0;
        while (written < destination.Length)
        {
            int start = Start(connection, offset + written);
            int n = Math.Min(destination.Length - written, Table.Length - start);
            Table.AsSpan(start, n).CopyTo(destination[written..]);
            written += n;
        }
    }

    /// <summary>True if <paramref name="data"/> are connection <paramref name="connection"/>'s bytes from <paramref name="offset"/>.</summary>
    public static bool Matches(int connection, long offset, ReadOnlySpan<byte> data)
    {
        int checkedBytes = 0;
        while (checkedBytes < data.Length)
        {
            int start = Start(connection, offset + checkedBytes);
            int n = Math.Min(data.Length - checkedBytes, Table.Length - start);
            if (!data.Slice(checkedBytes, n).SequenceEqual(Table.AsSpan(start, n)))
            {
                return false;
            }

            checkedBytes += n;
        }

        return true;
    }

    private static int Start(int connection, long offset) => (int)((offset + (connection * 7919L)) % Period);

    // One period plus a tail, so any start within the period can be read contiguously for up to 64 KiB.
    private static byte[] BuildTable()
    {
        var table = new byte[Period + 65536];
        for (int i = 0; i < table.Length; i++)
        {
            int k = i % Period;
            table[i] = (byte)((k * 131) ^ (k >> 7) ^ 0x5a);
        }

        return table;
    }
}
