namespace ActorStack.KernelProbe;

/// <summary>
/// Reads and writes a sysctl of the namespace this process runs in (the host's, for the parent) through /proc/sys.
/// Only the parent changes sysctls, and only ones the kernel keeps for init_net alone (net.core.netdev_max_backlog),
/// so every change goes through <see cref="Sandbox.SetGlobalSysctl"/>, which restores it.
/// </summary>
internal static class GlobalSysctl
{
    /// <summary>The /proc/sys file of a dotted key ("net.core.netdev_max_backlog").</summary>
    public static string PathOf(string key) => "/proc/sys/" + key.Replace('.', '/');

    /// <summary>Whether the key exists in this namespace.</summary>
    public static bool Exists(string key) => File.Exists(PathOf(key));

    /// <summary>The current value, trimmed.</summary>
    public static string Read(string key) => File.ReadAllText(PathOf(key)).Trim();

    /// <summary>Writes <paramref name="value"/>.</summary>
    public static void Write(string key, string value) => File.WriteAllText(PathOf(key), value + "\n");
}
