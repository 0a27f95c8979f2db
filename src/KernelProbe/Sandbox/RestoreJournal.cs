using System.Globalization;

namespace ActorStack.KernelProbe;

/// <summary>
/// The original values of the global sysctls a probe changed, kept in /run/actorstack-kernelprobe/PID.sysctl while it
/// runs. A probe killed with SIGKILL cannot restore them; the next probe's <see cref="StaleSweep"/> finds the journal
/// of the dead PID and does. Deleted when the probe restored its values itself.
/// </summary>
internal static class RestoreJournal
{
    public const string Directory = "/run/actorstack-kernelprobe";

    /// <summary>The journal file of <paramref name="pid"/>.</summary>
    public static string PathOf(int pid) =>
        System.IO.Path.Combine(Directory, pid.ToString(CultureInfo.InvariantCulture) + ".sysctl");

    /// <summary>Writes all originals (key=value lines), replacing the file.</summary>
    public static void Save(int pid, IReadOnlyDictionary<string, string> originals)
    {
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllLines(PathOf(pid), originals.Select(kv => $"{kv.Key}={kv.Value}"));
    }

    /// <summary>Reads a journal into key → original value.</summary>
    public static Dictionary<string, string> Load(string path) =>
        File.ReadAllLines(path)
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1]);

    /// <summary>Removes the journal of <paramref name="pid"/> if there is one, and the directory once it is empty.</summary>
    public static void Delete(int pid)
    {
        File.Delete(PathOf(pid));
        if (System.IO.Directory.Exists(Directory) && !System.IO.Directory.EnumerateFileSystemEntries(Directory).Any())
        {
            System.IO.Directory.Delete(Directory);
        }
    }
}
