using System.Text.Json;

namespace ActorStack.KernelProbe;

/// <summary>
/// A device's packet and drop counters from <c>ip -s -j link show</c> (rtnl_fill_stats(): dev_get_stats(), which adds
/// the core stats enqueue_to_backlog() bumps on a full backlog to the driver's own, for veth veth_get_stats64()).
/// </summary>
internal sealed record LinkCounters(long RxPackets, long RxDropped, long TxPackets, long TxDropped)
{
    /// <summary>Reads <paramref name="device"/> in namespace <paramref name="ns"/>.</summary>
    public static LinkCounters Read(string ns, string device)
    {
        using JsonDocument document = JsonDocument.Parse(IpTool.Run("-n", ns, "-s", "-j", "link", "show", "dev", device));
        JsonElement stats = document.RootElement[0].GetProperty("stats64");
        JsonElement rx = stats.GetProperty("rx");
        JsonElement tx = stats.GetProperty("tx");
        return new LinkCounters(rx.GetProperty("packets").GetInt64(), rx.GetProperty("dropped").GetInt64(),
            tx.GetProperty("packets").GetInt64(), tx.GetProperty("dropped").GetInt64());
    }
}
