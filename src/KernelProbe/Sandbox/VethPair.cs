using System.Globalization;

namespace ActorStack.KernelProbe;

/// <summary>
/// Two fresh namespaces joined by a veth pair: veth0 (PREFIX.1/24) in A, veth1 (PREFIX.2/24) in B. The pair is
/// created from inside A with its peer placed straight into B, so no interface ever exists in the host's namespace.
/// MAC addresses are fixed and the neighbours permanent, so no ARP exchange interleaves with an experiment's traffic
/// (neigh_resolve_output() would otherwise queue the first datagrams behind an ARP request).
/// </summary>
internal sealed record VethPair(string A, string B, string AddressA, string AddressB)
{
    public const string DeviceA = "veth0";
    public const string DeviceB = "veth1";

    /// <summary>Creates namespaces <c>asval-PID-ROLE-a</c>/<c>-b</c> and the pair; <paramref name="prefix"/> is the
    /// first three octets ("10.202.0").</summary>
    public static VethPair Create(Sandbox sandbox, string role, string prefix, int mtu = 1500)
    {
        string a = sandbox.CreateNamespace(role + "-a");
        string b = sandbox.CreateNamespace(role + "-b");
        var pair = new VethPair(a, b, prefix + ".1", prefix + ".2");
        const string macA = "02:00:00:00:00:0a";
        const string macB = "02:00:00:00:00:0b";
        string mtuText = mtu.ToString(CultureInfo.InvariantCulture);
        Netns.DisableIpv6(a);
        Netns.DisableIpv6(b);
        IpTool.Run("-n", a, "link", "add", DeviceA, "address", macA, "mtu", mtuText, "type", "veth",
            "peer", "name", DeviceB, "address", macB, "mtu", mtuText, "netns", b);
        IpTool.Run("-n", a, "addr", "add", pair.AddressA + "/24", "dev", DeviceA);
        IpTool.Run("-n", b, "addr", "add", pair.AddressB + "/24", "dev", DeviceB);
        foreach ((string ns, string device) in new[] { (a, DeviceA), (b, DeviceB), (a, "lo"), (b, "lo") })
        {
            Netns.LinkUp(ns, device);
        }

        IpTool.Run("-n", a, "neigh", "replace", pair.AddressB, "lladdr", macB, "dev", DeviceA, "nud", "permanent");
        IpTool.Run("-n", b, "neigh", "replace", pair.AddressA, "lladdr", macA, "dev", DeviceB, "nud", "permanent");
        return pair;
    }

    /// <summary>Deletes both namespaces (and with them the pair).</summary>
    public void Delete(Sandbox sandbox)
    {
        sandbox.DeleteNamespace(A);
        sandbox.DeleteNamespace(B);
    }
}
