using System.Runtime.InteropServices;

namespace ActorStack.KernelProbe;

/// <summary>The few libc calls the BCL has no wrapper for.</summary>
internal static partial class LibC
{
    /// <summary>The effective user id (creating namespaces and writing /proc/sys need root).</summary>
    [LibraryImport("libc")]
    public static partial uint geteuid();

    /// <summary>sched_setaffinity(2); pid 0 is the calling thread, which is what gets pinned.</summary>
    [LibraryImport("libc", SetLastError = true)]
    public static partial int sched_setaffinity(int pid, nuint cpusetsize, ref ulong mask);

    /// <summary>The CPU the calling thread is running on.</summary>
    [LibraryImport("libc")]
    public static partial int sched_getcpu();
}
