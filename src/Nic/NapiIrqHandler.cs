using ActorStack.Softirq;

namespace ActorStack.Nic;

/// <summary>A NAPI driver's interrupt handler (ixgbe_msix_clean_rings): the vector auto-masked; napi_schedule.</summary>
internal sealed class NapiIrqHandler(NapiStruct napi) : IIrqHandler
{
    public string IrqName => napi.Name;

    public void HandleIrq(NapiContext cpu)
    {
        napi.LastIrqNanos = cpu.NowNanos;
        cpu.NapiSchedule(napi);
    }
}
