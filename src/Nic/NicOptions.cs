using ActorStack.Nic.Drivers;
using ActorStack.Softirq;
namespace ActorStack.Nic;

/// <summary>Device settings, named after the ethtool options that change them. Defaults follow ixgbe.</summary>
public sealed record NicOptions
{
    /// <summary>driver.kind: the driver, and with it the interface, skb truesize, receive path and counter names.</summary>
    public DriverKind Driver { get; init; } = DriverKind.Ixgbe;

    /// <summary>The driver's profile.</summary>
    public DriverProfile Profile => DriverProfile.Of(Driver);

    /// <summary>Interface name: eth0 for a NIC, veth1 or lo for the software devices.</summary>
    public string Name => Profile.InterfaceName;

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

    /// <summary>ethtool -K gro on|off (NETIF_F_GRO; on by default).</summary>
    public bool Gro { get; init; } = true;

    /// <summary>/sys/class/net/DEV/gro_flush_timeout in ns (0 by default).</summary>
    public long GroFlushTimeout { get; init; }

    /// <summary>/sys/class/net/DEV/napi_defer_hard_irqs (0 by default).</summary>
    public int NapiDeferHardIrqs { get; init; }

    /// <summary>NAPI driver (true) or a legacy driver that does all receive work in its interrupt handler (false).</summary>
    public bool Napi { get; init; } = true;

    /// <summary>ethtool -C adaptive-rx on|off. ixgbe's default is adaptive (rx_itr_setting = 1).</summary>
    public bool AdaptiveRx { get; init; } = true;

    /// <summary>ethtool -C rx-usecs N: interrupt once the first unsignalled completion is this old (0: no delay).</summary>
    public int RxUsecs { get; init; }

    /// <summary>ethtool -C rx-frames N: interrupt once this many completions wait (0: not used).</summary>
    public int RxFrames { get; init; } = 1;

    /// <summary>ethtool -X: the 128-entry RSS indirection table; null: equal over all queues (indir[i] = i mod N).</summary>
    public IReadOnlyList<int>? Indirection { get; init; }

    /// <summary>/sys/class/net/DEV/queues/rx-N/rps_cpus per queue (CPU masks); null: RPS off everywhere.</summary>
    public IReadOnlyList<ulong>? RpsCpus { get; init; }

    /// <summary>/sys/class/net/DEV/queues/rx-N/rps_flow_cnt (same for every queue); 0: no RFS flow table.</summary>
    public int RpsFlowCnt { get; init; }

    /// <summary>Validates the settings against what the driver accepts.</summary>
    public void Validate(int cpuCount)
    {
        if (Queues < 1 || Queues > 64)
        {
            throw new SettingException("ethtool.combined", $"ethtool -L combined {Queues}: must be 1..64.");
        }

        if (Profile.SenderCpuReceives)
        {
            RefuseNicOnlySettings();
        }

        if (RxRingSize < 64 || RxRingSize > 8192 || RxRingSize % 8 != 0)
        {
            throw new SettingException("ethtool.rx", $"ethtool -G rx {RxRingSize}: ixgbe accepts 64..8192 in multiples of 8.");
        }

        if (RssKey.Length != 40)
        {
            throw new SettingException("ethtool.rss_key", $"RSS key must be 40 bytes (IXGBE_RSS_KEY_SIZE), got {RssKey.Length}.");
        }

        if (!AdaptiveRx && RxUsecs == 0 && RxFrames == 0)
        {
            throw new SettingException("ethtool.rx-frames", "ethtool -C rx-usecs 0 rx-frames 0: both 0 is not allowed (use rx-frames 1 for 'off').");
        }

        if (RxUsecs is < 0 or > 1022 || RxFrames is < 0 or > 4096)
        {
            throw new SettingException("ethtool.rx-usecs", $"ethtool -C rx-usecs {RxUsecs} rx-frames {RxFrames}: rx-usecs must be 0..1022, rx-frames 0..4096.");
        }

        if (Indirection is { } indir)
        {
            if (indir.Count != 128)
            {
                throw new SettingException("ethtool.indir", $"ethtool -X: the indirection table has 128 entries, got {indir.Count}.");
            }

            if (indir.Any(q => q < 0 || q >= Queues))
            {
                throw new SettingException("ethtool.indir", $"ethtool -X: entries must name queues 0..{Queues - 1}.");
            }
        }

        if (RpsCpus is { } rps)
        {
            if (rps.Count != Queues)
            {
                throw new SettingException("queues.rps_cpus", $"rps_cpus given for {rps.Count} queues, the device has {Queues}.");
            }

            ulong valid = cpuCount >= 64 ? ulong.MaxValue : (1UL << cpuCount) - 1;
            if (rps.Any(mask => (mask & ~valid) != 0))
            {
                throw new SettingException("queues.rps_cpus", $"rps_cpus names a CPU the host does not have (CPUs 0..{cpuCount - 1}).");
            }
        }

        if (GroFlushTimeout < 0 || NapiDeferHardIrqs is < 0 or > short.MaxValue)
        {
            throw new SettingException("sysfs.gro_flush_timeout", $"gro_flush_timeout {GroFlushTimeout} / napi_defer_hard_irqs {NapiDeferHardIrqs}: must be >= 0 (defer <= 32767).");
        }

        if (RpsFlowCnt is < 0 or > 1 << 29)
        {
            throw new SettingException("queues.rps_flow_cnt", $"rps_flow_cnt {RpsFlowCnt}: must be 0..2^29.");
        }

        if (IrqAffinity is { } affinity)
        {
            if (affinity.Count != Queues)
            {
                throw new SettingException("irq.affinity", $"IRQ affinity lists {affinity.Count} CPUs for {Queues} queues.");
            }

            foreach (int cpu in affinity)
            {
                if (cpu < 0 || cpu >= cpuCount)
                {
                    throw new SettingException("irq.affinity", $"smp_affinity_list {cpu}: the host has CPUs 0..{cpuCount - 1}.");
                }
            }
        }
    }

    // veth and loopback have no ring, no interrupt, no RSS and no NAPI on this path: a NIC setting would be ignored.
    private void RefuseNicOnlySettings()
    {
        var defaults = new NicOptions();
        (string Key, bool Changed)[] nicOnly =
        [
            ("ethtool.combined", Queues != 1),
            ("driver.napi", !Napi),
            ("ethtool.rx", RxRingSize != defaults.RxRingSize),
            ("ethtool.rx-usecs", RxUsecs != defaults.RxUsecs || AdaptiveRx != defaults.AdaptiveRx),
            ("ethtool.rx-frames", RxFrames != defaults.RxFrames),
            ("ethtool.indir", Indirection is not null),
            ("irq.affinity", IrqAffinity is not null),
            ("sysfs.gro_flush_timeout", GroFlushTimeout != 0),
            ("sysfs.napi_defer_hard_irqs", NapiDeferHardIrqs != 0),
        ];
        foreach (var (key, changed) in nicOnly)
        {
            if (changed)
            {
                throw new SettingException(key, $"{key} does not apply to driver.kind {Profile.Name}: a software device has one RX queue and no ring, interrupt, RSS or NAPI (netif_rx feeds the sending CPU's backlog); use queues.rps_cpus and traffic.sender_cpu.");
            }
        }
    }

    /// <summary>ethtool -X equal N: indir[i] = i mod N.</summary>
    public static int[] EqualIndirection(int queues) => Enumerable.Range(0, 128).Select(i => i % queues).ToArray();

    /// <summary>
    /// ethtool -X weight W0 W1 ...: queue q gets a share of the 128 entries proportional to Wq, in contiguous runs,
    /// as ethtool's fill of the table does.
    /// </summary>
    public static int[] WeightedIndirection(IReadOnlyList<int> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        long sum = weights.Sum(w => (long)w);
        if (weights.Count == 0 || weights.Any(w => w < 0) || sum == 0)
        {
            throw new SettingException("ethtool.indir", "ethtool -X weight: weights must be >= 0 and not all 0.");
        }

        var table = new int[128];
        long partial = 0;
        int queue = -1;
        for (int i = 0; i < 128; i++)
        {
            // Entry i goes to the first queue whose cumulative share of the table reaches past i.
            while (i >= 128 * partial / sum)
            {
                queue++;
                partial += weights[queue];
            }

            table[i] = queue;
        }

        return table;
    }

    /// <summary>The CPU queue <paramref name="queue"/>'s vector is delivered to.</summary>
    public int AffinityOf(int queue, int cpuCount) => IrqAffinity?[queue] ?? (queue % cpuCount);
}
