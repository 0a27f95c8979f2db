namespace ActorStack.KernelProbe;

/// <summary>What the probe needs before it touches anything: root (netns, veth, /proc/sys writes) and iproute2.</summary>
internal static class Prerequisites
{
    /// <summary>One line per missing prerequisite; empty when all are there.</summary>
    public static IReadOnlyList<string> Missing()
    {
        var missing = new List<string>();
        uint uid = LibC.geteuid();
        if (uid != 0)
        {
            missing.Add($"validate needs root to create network namespaces (uid {uid})");
        }

        if (IpTool.Path is null)
        {
            missing.Add("iproute2 (ip) is not installed");
        }

        return missing;
    }
}
