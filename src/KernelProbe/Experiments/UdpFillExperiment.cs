using System.Globalization;

namespace ActorStack.KernelProbe;

/// <summary>
/// udp-fill: how many never-read datagrams a UDP socket holds for each SO_RCVBUF and payload, over loopback in one
/// fresh namespace. All cases run in one inner step (one process start instead of sixteen); each case has its own
/// sockets and takes MIB deltas, so the cases do not see each other.
/// </summary>
internal static class UdpFillExperiment
{
    public const string Name = "udp-fill";

    private static readonly string[] Rcvbufs = ["unset", "4096", "65536", "212992"];
    private static readonly int[] Payloads = [1, 64, 512, 1400];

    public static IReadOnlyList<UdpFillCase> Run(Sandbox sandbox, ProbeSettings settings)
    {
        string ns = Netns.CreateLoopback(sandbox, "lo");
        try
        {
            Log.Info($"{Name}: {Rcvbufs.Length * Payloads.Length} cases of {settings.UdpFillCount} datagrams in {ns}");
            return InnerProcess.Run<List<UdpFillCase>>(sandbox, ns, "udp-fill",
                "--count", settings.UdpFillCount.ToString(CultureInfo.InvariantCulture),
                "--rcvbufs", string.Join(',', Rcvbufs),
                "--payloads", string.Join(',', Payloads));
        }
        finally
        {
            sandbox.DeleteNamespace(ns);
        }
    }
}
