using ActorStack.Engine;
using ActorStack.Softirq;

namespace ActorStack.Nic;

/// <summary>One RX queue: its ring, MSI-X vector, NAPI, hardware actor and counters.</summary>
public sealed class RxQueue
{
    internal RxQueue(NetDevice device, int index, int irq, int cpu)
    {
        Device = device;
        Index = index;
        Cpu = cpu;
        Ring = new RxRing(device.Options.RxRingSize, device.Options.RxBufferSize, device.Stack.Buffers);
        Napi = new RxQueueNapi(this)
        {
            Gro = device.Options.Gro ? new Softirq.Gro.GroNode() : null,
            GroFlushTimeoutNanos = device.Options.GroFlushTimeout,
            DeferHardIrqs = device.Options.NapiDeferHardIrqs,
        };
        if (device.Options.Napi)
        {
            // netif_napi_add() hashes the NAPI: packets it receives carry its id, and sockets can busy poll it.
            device.Stack.NapiHashAdd(Napi);
        }

        IIrqHandler handler = device.Options.Napi ? new NapiIrqHandler(Napi) : new LegacyRxHandler(this);
        Vector = new MsixVector(irq, device.Options.Profile.VectorName(device.Options.Name, index), device.Stack.System.CpuCount, handler);
        IrqCpu = device.Stack.Cpus[cpu];
        Hardware = device.Stack.System.Spawn(NicRxQueue.Props(this, device.Stack), $"{device.Options.Name}-rxq{index}");
    }

    /// <summary>The device.</summary>
    public NetDevice Device { get; }

    /// <summary>Queue number.</summary>
    public int Index { get; }

    /// <summary>The CPU its vector is affine to.</summary>
    public int Cpu { get; }

    /// <summary>Counters.</summary>
    public RxQueueStats Stats { get; } = new();

    /// <summary>The MSI-X vector.</summary>
    public MsixVector Vector { get; }

    /// <summary>The NAPI.</summary>
    public NapiStruct Napi { get; }

    /// <summary>The hardware actor: tell it frames from the wire.</summary>
    public ActorRef<NicMsg> Hardware { get; }

    /// <summary>Descriptors written back and not yet cleaned (packets held in the ring).</summary>
    public long RingPending => Ring.Pending;

    internal RxRing Ring { get; }

    /// <summary>The softirq side of the CPU the vector is delivered to.</summary>
    internal NapiContext IrqCpu { get; }

    internal NicOptions Options => Device.Options;

    internal NetStack Stack => Device.Stack;

    internal WireFramePool Wire => Device.Wire;

    /// <summary>Where the frame starts in the buffer: IXGBE_SKB_PAD = NET_SKB_PAD + NET_IP_ALIGN.</summary>
    internal int Headroom => Softirq.Skb.SkbConstants.NetSkbPad + Softirq.Skb.SkbConstants.NetIpAlign;
}
