namespace ActorStack.Softirq;

/// <summary>napi_watchdog(): the gro_flush_timeout hrtimer expired; schedule the NAPI unless it already is.</summary>
internal sealed class NapiWatchdog(NapiStruct napi) : IIrqHandler
{
    public string IrqName => "LOC";

    public void HandleIrq(NapiContext cpu)
    {
        if (!napi.IsScheduled)
        {
            cpu.NapiSchedule(napi);
        }
    }
}
