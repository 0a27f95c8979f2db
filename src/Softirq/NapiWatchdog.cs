namespace ActorStack.Softirq;

/// <summary>napi_watchdog(): the gro_flush_timeout hrtimer expired; schedule the NAPI unless someone owns it (a poll or a busy-polling thread).</summary>
internal sealed class NapiWatchdog(NapiStruct napi) : IIrqHandler
{
    public string IrqName => "LOC";

    public void HandleIrq(NapiContext cpu)
    {
        if (napi.TryTakeScheduled())
        {
            cpu.ListAdd(napi);
        }
    }
}
