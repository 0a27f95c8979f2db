using System.Buffers.Binary;

namespace ActorStack.Nic;

/// <summary>
/// The Toeplitz hash RSS NICs compute over src IP ‖ dst IP ‖ src port ‖ dst port (network byte order).
/// </summary>
/// <remarks>Kernel: tools/testing/selftests/net/toeplitz.c; Documentation/networking/scaling.rst.</remarks>
public static class Toeplitz
{
    /// <summary>The 40-byte key Microsoft publishes with its RSS verification vectors; the model's default key.</summary>
    public static readonly byte[] DefaultKey = Convert.FromHexString(
        "6d5a56da255b0ec24167253d43a38fb0d0ca2bcbae7b30b477cb2da38030f20c6a42b73bbeac01fa");

    /// <summary>Hashes <paramref name="input"/> with <paramref name="key"/> (which must be 4 bytes longer than the input).</summary>
    public static uint Hash(ReadOnlySpan<byte> key, ReadOnlySpan<byte> input)
    {
        if (key.Length < input.Length + 4)
        {
            throw new ArgumentException($"A {input.Length}-byte input needs a key of at least {input.Length + 4} bytes.", nameof(key));
        }

        uint result = 0;
        // W is the 32-bit key window; it slides left one bit per input bit, pulling in the next key bit.
        uint window = BinaryPrimitives.ReadUInt32BigEndian(key);
        int nextKeyBit = 32;
        foreach (byte b in input)
        {
            for (int bit = 7; bit >= 0; bit--)
            {
                if ((b & (1 << bit)) != 0)
                {
                    result ^= window;
                }

                int keyByte = key[nextKeyBit / 8];
                window = (window << 1) | (uint)((keyByte >> (7 - (nextKeyBit % 8))) & 1);
                nextKeyBit++;
            }
        }

        return result;
    }

    /// <summary>The IPv4 4-tuple hash (addresses and ports in host order, as numbers).</summary>
    public static uint HashIpv4(ReadOnlySpan<byte> key, uint sourceAddress, uint destinationAddress, ushort sourcePort, ushort destinationPort)
    {
        Span<byte> input = stackalloc byte[12];
        BinaryPrimitives.WriteUInt32BigEndian(input, sourceAddress);
        BinaryPrimitives.WriteUInt32BigEndian(input[4..], destinationAddress);
        BinaryPrimitives.WriteUInt16BigEndian(input[8..], sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(input[10..], destinationPort);
        return Hash(key, input);
    }

    /// <summary>The IPv4 2-tuple hash (addresses only), for non-TCP/UDP or fragments.</summary>
    public static uint HashIpv4(ReadOnlySpan<byte> key, uint sourceAddress, uint destinationAddress)
    {
        Span<byte> input = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(input, sourceAddress);
        BinaryPrimitives.WriteUInt32BigEndian(input[4..], destinationAddress);
        return Hash(key, input);
    }
}
