using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ActorStack.Host.Soak;

/// <summary>
/// Runs one soak row as a child process of this same console and samples its peak resident set: VmHWM from
/// /proc/PID/status, read every <see cref="SampleInterval"/> while the child runs, keeping the last value read (the
/// kernel's high-water mark, so only growth in the final interval can be missed).
/// </summary>
internal static partial class SoakChild
{
    /// <summary>How often VmHWM is read.</summary>
    public static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// The OTLP endpoint traced rows export to: defined, but nothing listens on the discard port, so the first export
    /// fails (connection refused) and the bounded export queue drops and counts every later span.
    /// </summary>
    public const string RefusingEndpoint = "http://127.0.0.1:9";

    /// <summary>Runs this console with <paramref name="arguments"/> (after <c>--view off --json none</c>) and measures it.</summary>
    public static SoakResult Run(SoakRow row, IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(arguments);
        var (file, prefix) = Command();
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in prefix.Concat(["--view", "off", "--json", "none"]).Concat(arguments))
        {
            start.ArgumentList.Add(arg);
        }

        if (row.Tracing)
        {
            start.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = RefusingEndpoint;
            start.Environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        }

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        // Both pipes are drained while the child runs, so a chatty child never blocks on a full pipe.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        long? peakKb = null;
        string status = $"/proc/{process.Id}/status";
        do
        {
            peakKb = VmHwmKb(status) ?? peakKb;
        }
        while (!process.WaitForExit(SampleInterval));

        process.WaitForExit();
        watch.Stop();
        string output = stdout.GetAwaiter().GetResult();
        string errors = stderr.GetAwaiter().GetResult();
        var packets = PacketsLine().Matches(output).LastOrDefault();
        return new SoakResult(
            row,
            process.ExitCode,
            peakKb,
            watch.Elapsed.TotalSeconds,
            packets is null ? null : long.Parse(packets.Groups[1].Value, CultureInfo.InvariantCulture),
            packets is null ? null : long.Parse(packets.Groups[2].Value, CultureInfo.InvariantCulture),
            ErrorLine(errors));
    }

    /// <summary>
    /// The command that starts this console: its apphost when it was started as one (dotnet run, ./ActorStack.Host),
    /// otherwise the dotnet muxer with the host assembly (dotnet ActorStack.Host.dll, or a test process).
    /// </summary>
    internal static (string File, string[] Prefix) Command()
    {
        string assembly = typeof(SoakChild).Assembly.Location;
        string? process = Environment.ProcessPath;
        string Name(string path) => Path.GetFileNameWithoutExtension(path);
        if (process is not null && Name(process) == Name(assembly))
        {
            return (process, []);
        }

        return (DotnetMuxer.Path(), [assembly]);
    }

    // What a failed child said: its last "error:" line, else its last line.
    private static string? ErrorLine(string stderr)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.LastOrDefault(l => l.StartsWith("error:", StringComparison.Ordinal)) ?? lines.LastOrDefault();
    }

    // "VmHWM:    84632 kB"; null once the process has exited (a zombie has no memory lines) or off Linux.
    private static long? VmHwmKb(string statusPath)
    {
        try
        {
            foreach (string line in File.ReadLines(statusPath))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception gone) when (gone is IOException or UnauthorizedAccessException)
        {
        }

        return null;
    }

    [GeneratedRegex(@"^packets: injected (\d+), delivered (\d+)", RegexOptions.Multiline)]
    private static partial Regex PacketsLine();
}

/// <summary>What one soak row measured.</summary>
internal sealed record SoakResult(SoakRow Row, int ExitCode, long? PeakRssKb, double WallSeconds, long? Injected, long? Delivered, string? LastErrorLine)
{
    /// <summary>True when the child exited 0.</summary>
    public bool Succeeded => ExitCode == 0;
}
