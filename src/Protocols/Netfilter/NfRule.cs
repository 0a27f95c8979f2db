using System.Buffers.Binary;
using System.Globalization;
using ActorStack.Softirq.Skb;

namespace ActorStack.Protocols.Netfilter;

/// <summary>
/// One iptables rule: match on source/destination prefix, protocol and ports, then ACCEPT or DROP. Counts the
/// packets and bytes it matched, as `iptables -L -v -x` shows them.
/// </summary>
public sealed class NfRule
{
    private long _packets;
    private long _bytes;

    /// <summary>The chain the rule is in.</summary>
    public required NfHook Chain { get; init; }

    /// <summary>Source prefix (address, prefix length); null: any.</summary>
    public (uint Address, int Length)? Source { get; init; }

    /// <summary>Destination prefix; null: any.</summary>
    public (uint Address, int Length)? Destination { get; init; }

    /// <summary>IP protocol (6, 17, 1); null: all.</summary>
    public byte? Protocol { get; init; }

    /// <summary>UDP/TCP source port; null: any.</summary>
    public ushort? SourcePort { get; init; }

    /// <summary>UDP/TCP destination port; null: any.</summary>
    public ushort? DestinationPort { get; init; }

    /// <summary>ACCEPT (true) or DROP (false).</summary>
    public required bool Accept { get; init; }

    /// <summary>The rule as it was written.</summary>
    public required string Text { get; init; }

    /// <summary>Packets matched.</summary>
    public long Packets => Interlocked.Read(ref _packets);

    /// <summary>Bytes matched (IP length).</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>True if the IPv4 packet at the skb's data matches; counts it if so.</summary>
    public bool Match(SkBuff skb)
    {
        ArgumentNullException.ThrowIfNull(skb);
        var ip = skb.DataSpan;
        if (ip.Length < 20)
        {
            return false;
        }

        int ihl = (ip[0] & 0x0f) * 4;
        byte protocol = ip[9];
        if ((Protocol is { } p && p != protocol) ||
            !InPrefix(Source, BinaryPrimitives.ReadUInt32BigEndian(ip[12..])) ||
            !InPrefix(Destination, BinaryPrimitives.ReadUInt32BigEndian(ip[16..])))
        {
            return false;
        }

        if (SourcePort is not null || DestinationPort is not null)
        {
            // Ports match only the first fragment of a UDP/TCP packet, as xt_tcpudp does.
            bool firstFragment = (BinaryPrimitives.ReadUInt16BigEndian(ip[6..]) & 0x1fff) == 0;
            if (protocol is not (6 or 17) || !firstFragment || ip.Length < ihl + 4 ||
                (SourcePort is { } sp && sp != BinaryPrimitives.ReadUInt16BigEndian(ip[ihl..])) ||
                (DestinationPort is { } dp && dp != BinaryPrimitives.ReadUInt16BigEndian(ip[(ihl + 2)..])))
            {
                return false;
            }
        }

        Interlocked.Increment(ref _packets);
        Interlocked.Add(ref _bytes, skb.Length);
        return true;
    }

    /// <summary>The rule's line of `iptables -L CHAIN -v -n -x`.</summary>
    public string Format()
    {
        string protocol = Protocol switch { null => "all", 6 => "tcp", 17 => "udp", 1 => "icmp", var n => n.Value.ToString(CultureInfo.InvariantCulture) };
        string extra = protocol is "tcp" or "udp"
            ? string.Concat(SourcePort is { } sp ? $" spt:{sp}" : string.Empty, DestinationPort is { } dp ? $" dpt:{dp}" : string.Empty)
            : string.Empty;
        return string.Create(CultureInfo.InvariantCulture,
            $"{Packets,8} {Bytes,10} {(Accept ? "ACCEPT" : "DROP"),-10} {protocol,-4} --  *      *       {Prefix(Source),-20} {Prefix(Destination),-20}{(extra.Length > 0 ? " " + protocol + extra : string.Empty)}");
    }

    private static bool InPrefix((uint Address, int Length)? prefix, uint address)
    {
        if (prefix is not { } p || p.Length == 0)
        {
            return true;
        }

        uint mask = uint.MaxValue << (32 - p.Length);
        return (address & mask) == (p.Address & mask);
    }

    private static string Prefix((uint Address, int Length)? prefix) =>
        prefix is { } p ? $"{p.Address >> 24}.{(p.Address >> 16) & 0xff}.{(p.Address >> 8) & 0xff}.{p.Address & 0xff}/{p.Length}" : "0.0.0.0/0";
}
