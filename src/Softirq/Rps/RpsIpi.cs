namespace ActorStack.Softirq.Rps;

/// <summary>
/// The IPI another CPU sends after scheduling this CPU's backlog: rps_trigger_softirq() counts received_rps and
/// puts the backlog NAPI on this CPU's poll_list, raising NET_RX_SOFTIRQ.
/// </summary>
internal sealed class RpsIpi : IIrqHandler
{
    /// <summary>The one instance: the IPI is delivered to the CPU whose backlog it kicks, so it needs no state.</summary>
    public static readonly RpsIpi Instance = new();

    public string IrqName => "CAL";

    public long HandlerCost(CpuCosts costs) => costs.IpiReceive;

    public void HandleIrq(NapiContext cpu)
    {
        cpu.Softnet.IncReceivedRps();
        cpu.ListAdd(cpu.Backlog);
    }
}
