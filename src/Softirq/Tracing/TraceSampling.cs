using System.Buffers.Binary;

namespace ActorStack.Softirq.Tracing;

/// <summary>Which packets get a trace.</summary>
public enum TraceSamplingMode
{
    /// <summary>Every packet.</summary>
    All,

    /// <summary>A fixed fraction of packets, chosen deterministically from the arrival order.</summary>
    Ratio,

    /// <summary>Only packets of one flow (any field of the 5-tuple may be left open).</summary>
    Flow,

    /// <summary>Every packet is recorded, but only traces that end in a drop are exported (tail sampling).</summary>
    Dropped,
}

/// <summary>
/// The sampling policy, decided once per packet at its root span (nic_rx_dma) from the frame itself. Parsing:
/// "all", "ratio:0.01", "flow:10.0.1.2:40000>10.0.0.1:5000/udp" (any part may be *), "dropped".
/// </summary>
public sealed record TraceSampling
{
    private const ulong Golden = 0x9E3779B97F4A7C15;

    /// <summary>The mode.</summary>
    public TraceSamplingMode Mode { get; init; } = TraceSamplingMode.All;

    /// <summary>Fraction sampled in <see cref="TraceSamplingMode.Ratio"/> mode.</summary>
    public double Ratio { get; init; } = 1;

    /// <summary>The flow of <see cref="TraceSamplingMode.Flow"/> mode; null fields match anything.</summary>
    public FlowMatch? Flow { get; init; }

    /// <summary>Every packet, the default.</summary>
    public static TraceSampling All { get; } = new();

    /// <summary>Parses the text form; an error says what is allowed.</summary>
    public static TraceSampling Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text == "all")
        {
            return All;
        }

        if (text == "dropped")
        {
            return new TraceSampling { Mode = TraceSamplingMode.Dropped };
        }

        if (text.StartsWith("ratio:", StringComparison.Ordinal) &&
            double.TryParse(text.AsSpan(6), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double ratio) &&
            ratio is > 0 and <= 1)
        {
            return new TraceSampling { Mode = TraceSamplingMode.Ratio, Ratio = ratio };
        }

        if (text.StartsWith("flow:", StringComparison.Ordinal))
        {
            return new TraceSampling { Mode = TraceSamplingMode.Flow, Flow = FlowMatch.Parse(text[5..]) };
        }

        throw new ArgumentException($"--sample {text}: must be all, ratio:F (0 < F <= 1), flow:SADDR:SPORT>DADDR:DPORT[/udp|/tcp] (* for any part) or dropped.");
    }

    /// <summary>Whether the <paramref name="arrival"/>-th frame (0-based), with the given flow, gets a trace.</summary>
    public bool Sample(long arrival, in FlowTuple flow) => Mode switch
    {
        TraceSamplingMode.Ratio => ((ulong)(arrival + 1) * Golden >> 11) < (ulong)(Ratio * (1UL << 53)),
        TraceSamplingMode.Flow => Flow!.Matches(flow),
        _ => true,
    };

    /// <inheritdoc />
    public override string ToString() => Mode switch
    {
        TraceSamplingMode.Ratio => $"ratio:{Ratio.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
        TraceSamplingMode.Flow => $"flow:{Flow}",
        TraceSamplingMode.Dropped => "dropped",
        _ => "all",
    };
}

/// <summary>An IPv4 5-tuple read from a frame; Protocol 0 if the frame is not IPv4.</summary>
public readonly record struct FlowTuple(uint Saddr, uint Daddr, ushort Sport, ushort Dport, byte Protocol)
{
    /// <summary>Reads the tuple of an Ethernet frame (ports only for an unfragmented UDP/TCP packet).</summary>
    public static FlowTuple Of(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < 34 || BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) != 0x0800)
        {
            return default;
        }

        var ip = frame[14..];
        int ihl = (ip[0] & 0x0f) * 4;
        byte protocol = ip[9];
        uint saddr = BinaryPrimitives.ReadUInt32BigEndian(ip[12..]);
        uint daddr = BinaryPrimitives.ReadUInt32BigEndian(ip[16..]);
        bool firstFragment = (BinaryPrimitives.ReadUInt16BigEndian(ip[6..]) & 0x1fff) == 0;
        if ((protocol is 6 or 17) && firstFragment && ihl >= 20 && ip.Length >= ihl + 4)
        {
            return new FlowTuple(saddr, daddr, BinaryPrimitives.ReadUInt16BigEndian(ip[ihl..]), BinaryPrimitives.ReadUInt16BigEndian(ip[(ihl + 2)..]), protocol);
        }

        return new FlowTuple(saddr, daddr, 0, 0, protocol);
    }

    /// <summary>Dotted-quad form of an address.</summary>
    public static string Address(uint address) => $"{address >> 24}.{(address >> 16) & 0xff}.{(address >> 8) & 0xff}.{address & 0xff}";
}

/// <summary>A flow pattern: each field null matches anything.</summary>
public sealed record FlowMatch(uint? Saddr, ushort? Sport, uint? Daddr, ushort? Dport, byte? Protocol)
{
    /// <summary>True if <paramref name="flow"/> matches every given field.</summary>
    public bool Matches(in FlowTuple flow) =>
        (Saddr is null || Saddr == flow.Saddr) && (Daddr is null || Daddr == flow.Daddr) &&
        (Sport is null || Sport == flow.Sport) && (Dport is null || Dport == flow.Dport) &&
        (Protocol is null || Protocol == flow.Protocol);

    /// <summary>Parses "SADDR:SPORT>DADDR:DPORT[/udp|/tcp]", * for any part.</summary>
    public static FlowMatch Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string bad = $"--sample flow:{text}: expected SADDR:SPORT>DADDR:DPORT[/udp|/tcp], e.g. flow:10.0.1.2:40000>10.0.0.1:5000/udp (* for any part)";
        byte? protocol = null;
        int slash = text.LastIndexOf('/');
        if (slash >= 0)
        {
            protocol = text[(slash + 1)..] switch
            {
                "udp" => 17,
                "tcp" => 6,
                "*" => null,
                _ => throw new ArgumentException(bad),
            };
            text = text[..slash];
        }

        var ends = text.Split('>');
        if (ends.Length != 2)
        {
            throw new ArgumentException(bad);
        }

        var (saddr, sport) = End(ends[0], bad);
        var (daddr, dport) = End(ends[1], bad);
        return new FlowMatch(saddr, sport, daddr, dport, protocol);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{(Saddr is { } s ? FlowTuple.Address(s) : "*")}:{Sport?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "*"}>" +
        $"{(Daddr is { } d ? FlowTuple.Address(d) : "*")}:{Dport?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "*"}" +
        (Protocol switch { 17 => "/udp", 6 => "/tcp", _ => string.Empty });

    private static (uint? Address, ushort? Port) End(string text, string bad)
    {
        int colon = text.LastIndexOf(':');
        string address = colon >= 0 ? text[..colon] : text;
        string port = colon >= 0 ? text[(colon + 1)..] : "*";
        uint? a = null;
        if (address != "*")
        {
            var parts = address.Split('.');
            if (parts.Length != 4 || !parts.All(p => byte.TryParse(p, out _)))
            {
                throw new ArgumentException(bad);
            }

            a = parts.Aggregate(0u, (acc, p) => (acc << 8) | byte.Parse(p, System.Globalization.CultureInfo.InvariantCulture));
        }

        ushort? p = null;
        if (port != "*")
        {
            p = ushort.TryParse(port, out ushort value) ? value : throw new ArgumentException(bad);
        }

        return (a, p);
    }
}
