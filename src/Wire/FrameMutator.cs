using System.Buffers.Binary;
using ActorStack.Protocols.Wire;

namespace ActorStack.Wire;

/// <summary>
/// Corrupts a frame the way a faulty sender, a bad link or an attacker would (<c>traffic.malformed=P</c>): one
/// mutation per frame, chosen from the run's seed: truncation, a bad IPv4 or UDP checksum, a wrong IP total length or
/// UDP length, an impossible ihl, a fragment (MF set), a TCP protocol number with a garbage data offset and flags, TTL
/// 0, an IP version that is not 4, or random bytes anywhere. A header field changed on purpose gets a correct IPv4
/// checksum, so the frame reaches the check that field fails. The stack must drop each with its kernel reason, or
/// deliver it when the damage is harmless (a payload byte), and lose none.
/// </summary>
public static class FrameMutator
{
    /// <summary>Mutations there are.</summary>
    public const int Kinds = 10;

    private const int Ip = 14;

    /// <summary>Mutates <paramref name="frame"/> (its first <paramref name="length"/> bytes); returns the new length.</summary>
    public static int Mutate(Span<byte> frame, int length, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (length < Ip + 28)
        {
            return length;
        }

        int ihl = (frame[Ip] & 0x0f) * 4;
        int udp = Ip + ihl;
        switch (random.Next(Kinds))
        {
            case 0:
                // Truncated anywhere, down to nothing.
                return random.Next(length);
            case 1:
                frame[Ip + 10] ^= (byte)(1 + random.Next(255));
                break;
            case 2:
                frame[udp + 6] ^= (byte)(1 + random.Next(255));
                break;
            case 3:
                BinaryPrimitives.WriteUInt16BigEndian(frame[(Ip + 2)..], (ushort)random.Next(65536));
                FrameBuilder.FixIpChecksum(frame);
                break;
            case 4:
                frame[Ip] = (byte)((frame[Ip] & 0xf0) | random.Next(5));
                break;
            case 5:
                BinaryPrimitives.WriteUInt16BigEndian(frame[(udp + 4)..], (ushort)random.Next(65536));
                break;
            case 6:
                // More fragments, at a random offset.
                BinaryPrimitives.WriteUInt16BigEndian(frame[(Ip + 6)..], (ushort)(0x2000 | random.Next(0x2000)));
                FrameBuilder.FixIpChecksum(frame);
                break;
            case 7:
                // Says TCP: the UDP header is read as TCP with whatever data offset and flags its bytes give.
                frame[Ip + 9] = 6;
                frame[udp + 12] = (byte)random.Next(256);
                frame[udp + 13] = (byte)random.Next(256);
                FrameBuilder.FixIpChecksum(frame);
                break;
            case 8:
                frame[Ip] = (byte)((random.Next(16) << 4) | (frame[Ip] & 0x0f));
                frame[Ip + 8] = 0;
                FrameBuilder.FixIpChecksum(frame);
                break;
            default:
                for (int n = 1 + random.Next(8); n > 0; n--)
                {
                    frame[random.Next(length)] = (byte)random.Next(256);
                }

                break;
        }

        return length;
    }
}
