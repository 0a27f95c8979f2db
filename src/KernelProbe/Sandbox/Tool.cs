using System.Diagnostics;

namespace ActorStack.KernelProbe;

/// <summary>
/// Runs a short-lived command (ip, sh, cat) and returns its stdout. Arguments go through ArgumentList, never a shell
/// string, so namespace names and paths need no quoting. A non-zero exit throws with the command's stderr, which is
/// what a failing <c>ip</c> explains itself with.
/// </summary>
internal static class Tool
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs <paramref name="file"/> and returns stdout; throws on a non-zero exit or a timeout.</summary>
    public static string Run(string file, params string[] args)
    {
        (int code, string stdout, string stderr) = RunUnchecked(file, args);
        if (code != 0)
        {
            throw new ToolException($"{file} {string.Join(' ', args)} exited {code}: {stderr.Trim()}");
        }

        return stdout;
    }

    /// <summary>Runs <paramref name="file"/> and returns its exit code and both outputs.</summary>
    public static (int Code, string Stdout, string Stderr) RunUnchecked(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new ToolException($"could not start {file}");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new ToolException($"{file} {string.Join(' ', args)} did not finish in {Timeout.TotalSeconds} s");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
