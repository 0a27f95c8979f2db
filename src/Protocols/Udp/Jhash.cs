using System.Numerics;

namespace ActorStack.Protocols.Udp;

/// <summary>
/// Bob Jenkins' lookup3 hash of three words, as the kernel's jhash_3words() computes it (include/linux/jhash.h),
/// used for socket hashing such as udp_ehashfn().
/// </summary>
public static class Jhash
{
    private const uint InitVal = 0xdeadbeef;

    /// <summary>jhash_3words(a, b, c, initval).</summary>
    public static uint Words3(uint a, uint b, uint c, uint initval)
    {
        uint seed = initval + InitVal + (3 << 2);
        a += seed;
        b += seed;
        c += seed;
        // __jhash_final(a, b, c)
        c ^= b; c -= BitOperations.RotateLeft(b, 14);
        a ^= c; a -= BitOperations.RotateLeft(c, 11);
        b ^= a; b -= BitOperations.RotateLeft(a, 25);
        c ^= b; c -= BitOperations.RotateLeft(b, 16);
        a ^= c; a -= BitOperations.RotateLeft(c, 4);
        b ^= a; b -= BitOperations.RotateLeft(a, 14);
        c ^= b; c -= BitOperations.RotateLeft(b, 24);
        return c;
    }
}
