namespace ActorStack.Nic;

/// <summary>Device settings, named after the ethtool options that change them. Defaults follow ixgbe.</summary>
public sealed record NicOptions
{
    /// <summary>Interface name.</summary>
    public string Name { get; init; } = "eth0";

    /// <summary>The device's MAC address.</summary>
    public byte[] MacAddress { get; init; } = [0x02, 0x00, 0x00, 0x00, 0x00, 0x01];

    /// <summary>ethtool -L combined N: RX queues (one MSI-X vector and NAPI each).</summary>
    public int Queues { get; init; } = 1;

    /// <summary>ethtool -G rx N: descriptors per RX ring (IXGBE_DEFAULT_RXD = 512).</summary>
    public int RxRingSize { get; init; } = 512;

    /// <summary>Bytes per RX buffer: a half 4 KiB page, as ixgbe posts.</summary>
    public int RxBufferSize { get; init; } = 2048;

    /// <summary>Refill batch (IXGBE_RX_BUFFER_WRITE = 16).</summary>
    public int RxBufferWrite { get; init; } = 16;

    /// <summary>NAPI weight (NAPI_POLL_WEIGHT = 64).</summary>
    public int NapiWeight { get; init; } = 64;

    /// <summary>ethtool -K rx on|off: RX checksum offload.</summary>
    public bool RxChecksumOffload { get; init; } = true;

    /// <summary>ethtool -K rxhash on|off: store the RSS hash in the skb.</summary>
    public bool RxHash { get; init; } = true;

    /// <summary>ethtool -X hkey: the 40-byte RSS key.</summary>
    public byte[] RssKey { get; init; } = Toeplitz.DefaultKey;

    /// <summary>/proc/irq/N/smp_affinity_list per queue; null: queue i on CPU i mod CPUs.</summary>
    public IReadOnlyList<int>? IrqAffinity { get; init; }

    /// <summary>Validates the settings against what the driver accepts.</summary>
    public void Validate(int cpuCount)
    {
        if (Queues < 1 || Queues > 64)
        {
            throw new ArgumentException($"ethtool -L combined {Queues}: must be 1..64.");
        }

        if (RxRingSize < 64 || RxRingSize > 8192 || RxRingSize % 8 != 0)
        {
            throw new ArgumentException($"ethtool -G rx {RxRingSize}: ixgbe accepts 64..8192 in multiples of 8.");
        }

        if (RssKey.Length != 40)
        {
            throw new ArgumentException($"RSS key must be 40 bytes (IXGBE_RSS_KEY_SIZE), got {RssKey.Length}.");
        }

        if (IrqAffinity is { } affinity)
        {
            if (affinity.Count != Queues)
            {
                throw new ArgumentException($"IRQ affinity lists {affinity.Count} CPUs for {Queues} queues.");
            }

            foreach (int cpu in affinity)
            {
                if (cpu < 0 || cpu >= cpuCount)
                {
                    throw new ArgumentException($"smp_affinity_list {cpu}: the host has CPUs 0..{cpuCount - 1}.");
                }
            }
        }
    }

    /// <summary>The CPU queue <paramref name="queue"/>'s vector is delivered to.</summary>
    public int AffinityOf(int queue, int cpuCount) => IrqAffinity?[queue] ?? (queue % cpuCount);
}
