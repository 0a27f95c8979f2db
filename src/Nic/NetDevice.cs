using System.Globalization;
using System.Text;
using ActorStack.Engine;
using ActorStack.Softirq;

namespace ActorStack.Nic;

/// <summary>A multi-queue NIC and its driver, brought up on a host (ifup): rings filled, vectors bound to CPUs.</summary>
public sealed class NetDevice : IFrameSink
{
    /// <summary>Brings the device up with <paramref name="options"/>, one vector per queue delivered to its affinity CPU.</summary>
    public NetDevice(NetStack stack, NicOptions options, WireFramePool wire)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(stack.System.CpuCount);
        Stack = stack;
        Options = options;
        Indirection = options.Indirection?.ToArray() ?? NicOptions.EqualIndirection(options.Queues);
        Wire = wire ?? throw new ArgumentNullException(nameof(wire));
        // lo is ifindex 1 and IFF_LOOPBACK; veth1 and eth0 come after it.
        Core = new NetDeviceCore(options.Name, ifindex: options.Driver == Drivers.DriverKind.Loopback ? 1 : 2, options.MacAddress)
        {
            IsLoopback = options.Driver == Drivers.DriverKind.Loopback,
        };
        var queues = new RxQueue[options.Queues];
        for (int i = 0; i < queues.Length; i++)
        {
            // IRQ numbers as a typical x86 box hands out MSI-X vectors.
            queues[i] = new RxQueue(this, i, irq: 24 + i, options.AffinityOf(i, stack.System.CpuCount));
        }

        Queues = queues;
        if (options.RpsCpus is not null || options.RpsFlowCnt > 0)
        {
            Core.RxQueueSteering = Enumerable.Range(0, options.Queues)
                .Select(q => new Softirq.Rps.RxQueueSteering(options.RpsCpus?[q] ?? 0, options.RpsFlowCnt, stack.System.CpuCount))
                .ToArray();
        }
    }

    /// <summary>The RSS indirection table in use (128 entries).</summary>
    public IReadOnlyList<int> Indirection { get; }

    /// <summary>Settings.</summary>
    public NicOptions Options { get; }

    /// <summary>The core's view (name, MAC, core counters).</summary>
    public NetDeviceCore Core { get; }

    /// <summary>RX queues.</summary>
    public IReadOnlyList<RxQueue> Queues { get; }

    /// <summary>The wire feeding this device.</summary>
    public WireFramePool Wire { get; }

    internal NetStack Stack { get; }

    /// <summary>Packets held in rings (written back, not yet cleaned).</summary>
    public long RingPending => Queues.Sum(q => q.RingPending);

    /// <summary>rx_missed_errors: frames the device dropped for lack of host buffers.</summary>
    public long RxMissedErrors => Queues.Sum(q => q.Stats.Missed);

    /// <summary>The queue RSS picks: the indirection table (default fill i mod N, 128 entries) at hash &amp; 127.</summary>
    public RxQueue SelectQueue(uint rssHash) => Queues[Indirection[(int)(rssHash & 127)]];

    /// <summary>
    /// A frame arrives at the port: the NIC's parser computes the RSS hash, the indirection table picks the queue,
    /// and the frame goes to that queue's DMA engine.
    /// </summary>
    public void Receive(WireFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        (frame.RssHash, frame.L4Hash) = NicRxQueue.RssHashOf(frame.Span, Options.RssKey);
        SelectQueue(frame.RssHash).Hardware.Tell(frame);
    }

    /// <summary>A frame from the wire reaches the port (the sender is across the wire: no CPU of ours).</summary>
    public void Transmit(WireFrame frame, ICpuContext? sender) => Receive(frame);

    /// <summary>ethtool -S, in the driver's names.</summary>
    public string FormatEthtoolStats() => Options.Profile.FormatStats(new Drivers.DriverStats(
        Queues.Select(q => q.Stats.Packets).ToArray(),
        Queues.Select(q => q.Stats.Bytes).ToArray(),
        Core.RxDropped,
        RxMissedErrors,
        Queues.Sum(q => q.Stats.ChecksumErrors),
        Core.PeerTxDropped));

    /// <summary>ethtool -i.</summary>
    public string FormatDriverInfo() => Options.Profile.FormatDriverInfo();

    /// <summary>The device's lines of /proc/interrupts: one per vector, a count column per CPU.</summary>
    public string FormatInterrupts()
    {
        int cpus = Stack.System.CpuCount;
        var sb = new StringBuilder();
        sb.Append("     ");
        for (int c = 0; c < cpus; c++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{"CPU" + c,11}");
        }

        sb.Append('\n');
        foreach (var q in Queues)
        {
            if (Options.Profile.IrqLabel(Core.Name, q.Index) is not { } label)
            {
                continue;
            }

            sb.Append(CultureInfo.InvariantCulture, $"{q.Vector.Irq,4}:");
            for (int c = 0; c < cpus; c++)
            {
                sb.Append(CultureInfo.InvariantCulture, $"{q.Vector.CountOn(c),11}");
            }

            sb.Append(CultureInfo.InvariantCulture, $"  {label}\n");
        }

        return sb.ToString();
    }

    /// <summary>Returns the posted ring buffers to the page pool (ifdown at the end of a run).</summary>
    public void ReleaseRings()
    {
        foreach (var q in Queues)
        {
            q.Ring.ReleaseBuffers();
        }
    }

}
