using System.Globalization;
using System.Text.RegularExpressions;

namespace ActorStack.KernelProbe;

/// <summary>
/// Cleans up after probes that died without running their cleanup (SIGKILL, OOM, power loss of the shell): deletes
/// <c>asval-PID-*</c> namespaces and restores the journaled sysctls of every PID that is no longer alive. Namespaces of
/// a live PID (a probe running concurrently) are left alone.
/// </summary>
internal static partial class StaleSweep
{
    public static void Run()
    {
        foreach (string line in IpTool.Run("netns", "list").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string name = line.Split(' ', 2)[0];
            if (Owner().Match(name) is { Success: true } match && !IsAlive(match.Groups[1].Value))
            {
                Log.Info($"removing stale namespace {name}");
                IpTool.Run("netns", "del", name);
            }
        }

        if (!Directory.Exists(RestoreJournal.Directory))
        {
            return;
        }

        foreach (string journal in Directory.GetFiles(RestoreJournal.Directory, "*.sysctl"))
        {
            string pid = Path.GetFileNameWithoutExtension(journal);
            if (IsAlive(pid))
            {
                continue;
            }

            foreach ((string key, string original) in RestoreJournal.Load(journal))
            {
                Log.Info($"restoring {key}={original} left changed by dead probe {pid}");
                GlobalSysctl.Write(key, original);
            }

            RestoreJournal.Delete(int.Parse(pid, CultureInfo.InvariantCulture));
        }
    }

    private static bool IsAlive(string pid) =>
        int.Parse(pid, CultureInfo.InvariantCulture) == Environment.ProcessId || Directory.Exists($"/proc/{pid}");

    [GeneratedRegex("^" + Sandbox.Prefix + @"(\d+)-")]
    private static partial Regex Owner();
}
