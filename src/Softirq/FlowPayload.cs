using System.Buffers.Binary;

namespace ActorStack.Softirq;

/// <summary>
/// The first 12 bytes of every generated datagram: flow id and sequence number (big endian), so order can be checked
/// per flow at the application.
/// </summary>
public static class FlowPayload
{
    /// <summary>Bytes the header takes.</summary>
    public const int HeaderLength = 12;

    /// <summary>Writes flow id and sequence.</summary>
    public static void Write(Span<byte> payload, int flow, long sequence)
    {
        BinaryPrimitives.WriteInt32BigEndian(payload, flow);
        BinaryPrimitives.WriteInt64BigEndian(payload[4..], sequence);
    }

    /// <summary>Reads flow id and sequence; false if the payload is too short.</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out int flow, out long sequence)
    {
        if (payload.Length < HeaderLength)
        {
            flow = 0;
            sequence = 0;
            return false;
        }

        flow = BinaryPrimitives.ReadInt32BigEndian(payload);
        sequence = BinaryPrimitives.ReadInt64BigEndian(payload[4..]);
        return true;
    }
}
