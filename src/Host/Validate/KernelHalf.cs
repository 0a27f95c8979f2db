using System.Diagnostics;
using System.Text.Json;
using ActorStack.KernelProbe;

namespace ActorStack.Host.Validate;

/// <summary>
/// The kernel's half: the KernelProbe program (built with the project, next to this one) run as a child process. It
/// needs root and iproute2; it creates its network namespaces, restores every sysctl it touches and removes them
/// again, also on Ctrl-C (the child gets the terminal's SIGINT too).
/// </summary>
public static class KernelHalf
{
    /// <summary>What is missing to measure this machine's kernel, or null when nothing is.</summary>
    public static string? Missing()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "validate measures a Linux kernel; this is not Linux";
        }

        if (GetEuid() != 0)
        {
            return $"validate needs root to create network namespaces (uid {GetEuid()}); run it with sudo, or compare a saved report with --kernel-json FILE";
        }

        string? ip = new[] { "/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip" }.FirstOrDefault(File.Exists);
        if (ip is null)
        {
            return "iproute2 (ip) is not installed: apt-get install -y iproute2";
        }

        if (ProbePath() is null)
        {
            return "ActorStack.KernelProbe.dll is not next to ActorStack.Host.dll: build the solution";
        }

        return CannotCreateNamespaces(ip);
    }

    // Root in a container without CAP_SYS_ADMIN (or with namespaces disabled) cannot create one: say so up front.
    private static string? CannotCreateNamespaces(string ip)
    {
        string name = $"asval-{Environment.ProcessId}-check";
        var (code, error) = RunIp(ip, "netns", "add", name);
        if (code != 0)
        {
            return $"this kernel refuses to create a network namespace here ({ip} netns add: {error.Trim()})";
        }

        RunIp(ip, "netns", "del", name);
        return null;
    }

    private static (int Code, string Error) RunIp(string ip, params string[] args)
    {
        var start = new ProcessStartInfo(ip) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var p = Process.Start(start)!;
        string error = p.StandardError.ReadToEnd();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, error);
    }

    /// <summary>Runs the probe for <paramref name="plan"/>'s experiments; its progress goes to <paramref name="error"/>.</summary>
    public static ProbeReport Measure(ValidatePlan plan, TextWriter error)
    {
        var start = new ProcessStartInfo(DotnetMuxer.Path())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ProbePath()!);
        start.ArgumentList.Add("--experiments");
        start.ArgumentList.Add(string.Join(',', plan.Experiments));
        if (plan.Quick)
        {
            start.ArgumentList.Add("--quick");
        }

        using var probe = Process.Start(start) ?? throw new InvalidOperationException("could not start the kernel probe");
        probe.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                error.WriteLine($"kernel: {e.Data}");
            }
        };
        probe.BeginErrorReadLine();
        string json = probe.StandardOutput.ReadToEnd();
        probe.WaitForExit();
        if (probe.ExitCode == 2 || json.Length == 0)
        {
            throw new InvalidOperationException($"the kernel probe exited {probe.ExitCode} without a report");
        }

        return Parse(json);
    }

    /// <summary>Reads a report the probe wrote.</summary>
    public static ProbeReport Parse(string json) =>
        JsonSerializer.Deserialize<ProbeReport>(json, ProbeJson.Report) ?? throw new InvalidDataException("empty kernel report");

    /// <summary>Writes <paramref name="report"/> as the probe does.</summary>
    public static string Format(ProbeReport report) => JsonSerializer.Serialize(report, ProbeJson.Report);

    private static string? ProbePath()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "ActorStack.KernelProbe.dll");
        return File.Exists(path) ? path : null;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEuid();
}
