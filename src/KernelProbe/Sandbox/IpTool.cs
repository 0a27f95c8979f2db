namespace ActorStack.KernelProbe;

/// <summary>
/// Where iproute2's <c>ip</c> is. Looked up on PATH and in the sbin directories, because a root shell reached through
/// sudo or a service often has a PATH without /usr/sbin.
/// </summary>
internal static class IpTool
{
    private static readonly Lazy<string?> Found = new(Locate);

    /// <summary>The full path of <c>ip</c>, or null if it is not installed.</summary>
    public static string? Path => Found.Value;

    /// <summary>The full path of <c>ip</c>; throws if it is missing (Prerequisites checks first).</summary>
    public static string Require() => Path ?? throw new ToolException("iproute2 (ip) is not installed");

    /// <summary>Runs <c>ip</c> with <paramref name="args"/> and returns stdout.</summary>
    public static string Run(params string[] args) => Tool.Run(Require(), args);

    private static string? Locate()
    {
        IEnumerable<string> directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin", "/usr/bin", "/bin"]);
        return directories.Select(d => System.IO.Path.Combine(d, "ip")).FirstOrDefault(File.Exists);
    }
}
