namespace ActorStack.KernelProbe;

/// <summary>
/// Commands run inside one of the probe's namespaces. <c>ip netns exec</c> setns()es into the namespace and mounts a
/// /sys of its own, so /proc/net/*, /proc/sys/net/* and /sys/class/net/* all show that namespace, not the host's.
/// </summary>
internal static class Netns
{
    /// <summary>Runs <paramref name="command"/> with <paramref name="args"/> inside <paramref name="ns"/>.</summary>
    public static string Exec(string ns, string command, params string[] args) =>
        IpTool.Run(["netns", "exec", ns, command, .. args]);

    /// <summary>Runs a /bin/sh script inside <paramref name="ns"/> (for writes to /sys or /proc/sys there).</summary>
    public static string Shell(string ns, string script) => Exec(ns, "sh", "-c", script);

    /// <summary>Brings <paramref name="device"/> up (a new namespace's lo is down).</summary>
    public static void LinkUp(string ns, string device) => IpTool.Run("-n", ns, "link", "set", "dev", device, "up");

    /// <summary>Whether <paramref name="path"/> exists as the namespace sees it.</summary>
    public static bool FileExists(string ns, string path) =>
        Tool.RunUnchecked(IpTool.Require(), "netns", "exec", ns, "test", "-e", path).Code == 0;

    /// <summary>Reads sysctls as the namespace sees them (key → value); missing keys are left out.</summary>
    public static Dictionary<string, string> ReadSysctls(string ns, params string[] keys)
    {
        var values = new Dictionary<string, string>();
        foreach (string key in keys)
        {
            (int code, string stdout, _) = Tool.RunUnchecked(IpTool.Require(), "netns", "exec", ns, "cat",
                GlobalSysctl.PathOf(key));
            if (code == 0)
            {
                values[key] = stdout.Trim();
            }
        }

        return values;
    }

    /// <summary>
    /// Turns IPv6 off in a new namespace before devices are added, so that interfaces do not send router
    /// solicitations or MLD reports (addrconf) while an experiment counts packets on them.
    /// </summary>
    public static void DisableIpv6(string ns)
    {
        if (Directory.Exists("/proc/sys/net/ipv6"))
        {
            Shell(ns, "echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6; echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6");
        }
    }

    /// <summary>Creates a namespace with lo up and IPv6 off: the loopback-only experiments' namespace.</summary>
    public static string CreateLoopback(Sandbox sandbox, string role)
    {
        string ns = sandbox.CreateNamespace(role);
        DisableIpv6(ns);
        LinkUp(ns, "lo");
        return ns;
    }
}
