using System.Globalization;

namespace ActorStack.KernelProbe;

/// <summary>
/// The line of one bound socket in /proc/net/udp (udp4_format_sock()): "tx_queue:rx_queue" in hex, rx_queue being
/// udp_rqueue_get() = sk_rmem_alloc − forward_deficit, and the last column sk_drops.
/// </summary>
internal static class ProcNetUdp
{
    /// <summary>(rx_queue bytes, drops) of the socket bound to 127.0.0.1:<paramref name="port"/>, or null.</summary>
    public static (long RxQueue, long Drops)? Find(int port)
    {
        // local_address is the address as a native-endian u32 (0100007F on little-endian) and the port in host order.
        string local = $"0100007F:{port:X4}";
        foreach (string line in File.ReadLines("/proc/net/udp").Skip(1))
        {
            string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 13 || !string.Equals(fields[1], local, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            string rxQueue = fields[4].Split(':')[1];
            return (long.Parse(rxQueue, NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                long.Parse(fields[^1], CultureInfo.InvariantCulture));
        }

        return null;
    }
}
