using System.Globalization;

namespace ActorStack.Sockets;

/// <summary>An IPv4 address and port (host order).</summary>
public readonly record struct Endpoint(uint Address, ushort Port)
{
    /// <summary>INADDR_ANY.</summary>
    public const uint Any = 0;

    /// <summary>Parses "a.b.c.d".</summary>
    public static uint ParseAddress(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            throw new FormatException($"'{text}' is not an IPv4 address.");
        }

        uint value = 0;
        foreach (var part in parts)
        {
            if (!byte.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out byte b))
            {
                throw new FormatException($"'{text}' is not an IPv4 address.");
            }

            value = (value << 8) | b;
        }

        return value;
    }

    /// <summary>Formats as dotted quad.</summary>
    public static string FormatAddress(uint address) =>
        string.Create(CultureInfo.InvariantCulture, $"{address >> 24}.{(address >> 16) & 255}.{(address >> 8) & 255}.{address & 255}");

    /// <inheritdoc />
    public override string ToString() => $"{FormatAddress(Address)}:{Port}";
}
