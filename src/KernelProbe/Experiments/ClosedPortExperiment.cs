using System.Globalization;

namespace ActorStack.KernelProbe;

/// <summary>
/// closed-port: UDP bursts to a port nobody listens on, over loopback and across a veth pair, and the loopback burst
/// again in fresh namespaces. Each burst gets fresh namespaces, so the ICMP credit (per netns since 6.12) and the
/// inet_peer buckets (per netns too) start full every time. The counters are read with <c>cat</c> inside each
/// namespace around the burst; the sender's own process start sends nothing.
/// </summary>
internal static class ClosedPortExperiment
{
    public const string Name = "closed-port";

    /// <summary>The traceroute base port: nothing listens on it in a fresh namespace.</summary>
    private const int ClosedPort = 33434;

    private const int Payload = 64;

    private static readonly string[] IcmpSysctls =
    [
        "net.ipv4.icmp_msgs_per_sec", "net.ipv4.icmp_msgs_burst", "net.ipv4.icmp_ratelimit", "net.ipv4.icmp_ratemask",
    ];

    public static ClosedPortReport Run(Sandbox sandbox, ProbeSettings settings)
    {
        Log.Info($"{Name}: bursts of {settings.ClosedPortBurst} datagrams to port {ClosedPort}");
        (ClosedPortBurst loopback, Dictionary<string, string> sysctls) = Loopback(sandbox, settings, "lo");
        ClosedPortBurst veth = Veth(sandbox, settings);
        var repeats = new List<ClosedPortBurst>();
        for (int i = 1; i <= settings.ClosedPortRepeats; i++)
        {
            repeats.Add(Loopback(sandbox, settings, $"lo{i}").Burst);
        }

        return new ClosedPortReport { IcmpSysctls = sysctls, Loopback = loopback, Veth = veth, LoopbackRepeats = repeats };
    }

    private static (ClosedPortBurst Burst, Dictionary<string, string> Sysctls) Loopback(Sandbox sandbox,
        ProbeSettings settings, string role)
    {
        string ns = Netns.CreateLoopback(sandbox, role);
        try
        {
            Dictionary<string, string> sysctls = Netns.ReadSysctls(ns, IcmpSysctls);
            SnmpSnapshot before = SnmpSnapshot.ReadIn(ns);
            UdpBurstResult burst = Send(sandbox, ns, "127.0.0.1", settings);
            SnmpSnapshot after = SnmpSnapshot.ReadIn(ns);
            return (Measure("loopback", sameNetns: true, burst, before, after, before, after), sysctls);
        }
        finally
        {
            sandbox.DeleteNamespace(ns);
        }
    }

    private static ClosedPortBurst Veth(Sandbox sandbox, ProbeSettings settings)
    {
        VethPair pair = VethPair.Create(sandbox, "icmp", "10.201.0");
        try
        {
            SnmpSnapshot senderBefore = SnmpSnapshot.ReadIn(pair.A);
            SnmpSnapshot receiverBefore = SnmpSnapshot.ReadIn(pair.B);
            UdpBurstResult burst = Send(sandbox, pair.A, pair.AddressB, settings);
            SnmpSnapshot senderAfter = SnmpSnapshot.ReadIn(pair.A);
            SnmpSnapshot receiverAfter = SnmpSnapshot.ReadIn(pair.B);
            return Measure("veth", sameNetns: false, burst, receiverBefore, receiverAfter, senderBefore, senderAfter);
        }
        finally
        {
            pair.Delete(sandbox);
        }
    }

    private static UdpBurstResult Send(Sandbox sandbox, string ns, string destination, ProbeSettings settings) =>
        InnerProcess.Run<UdpBurstResult>(sandbox, ns, "udp-burst",
            "--dest", destination,
            "--port", ClosedPort.ToString(CultureInfo.InvariantCulture),
            "--count", settings.ClosedPortBurst.ToString(CultureInfo.InvariantCulture),
            "--payload", Payload.ToString(CultureInfo.InvariantCulture));

    private static ClosedPortBurst Measure(string path, bool sameNetns, UdpBurstResult burst,
        SnmpSnapshot receiverBefore, SnmpSnapshot receiverAfter, SnmpSnapshot senderBefore, SnmpSnapshot senderAfter) =>
        new()
        {
            Path = path,
            SameNetns = sameNetns,
            Sent = burst.Sent,
            Payload = Payload,
            SendErrors = burst.SendErrors,
            BurstMicros = burst.BurstMicros,
            UdpNoPorts = receiverAfter.Delta(receiverBefore, "Udp", "NoPorts"),
            UdpInErrors = receiverAfter.Delta(receiverBefore, "Udp", "InErrors"),
            IcmpOutMsgs = receiverAfter.Delta(receiverBefore, "Icmp", "OutMsgs"),
            IcmpOutDestUnreachs = receiverAfter.Delta(receiverBefore, "Icmp", "OutDestUnreachs"),
            IcmpMsgOutType3 = receiverAfter.Delta(receiverBefore, "IcmpMsg", "OutType3"),
            IcmpOutRateLimitGlobal = receiverAfter.DeltaOrNull(receiverBefore, "Icmp", "OutRateLimitGlobal"),
            IcmpOutRateLimitHost = receiverAfter.DeltaOrNull(receiverBefore, "Icmp", "OutRateLimitHost"),
            SenderIcmpInMsgs = senderAfter.Delta(senderBefore, "Icmp", "InMsgs"),
            SenderIcmpInDestUnreachs = senderAfter.Delta(senderBefore, "Icmp", "InDestUnreachs"),
        };
}
