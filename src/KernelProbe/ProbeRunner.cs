using System.Diagnostics;
using System.Text.Json;

namespace ActorStack.KernelProbe;

/// <summary>
/// Runs the chosen experiments one after the other, each in namespaces of its own, and prints the report. A failing
/// experiment is recorded and the others still run; the <see cref="Sandbox"/> is undone at the end whatever happened,
/// and on SIGINT/SIGTERM/SIGHUP by <see cref="SignalGuard"/>.
/// </summary>
internal static class ProbeRunner
{
    public static int Run(ProbeOptions options)
    {
        ProbeSettings settings = options.Quick ? ProbeSettings.Quick : ProbeSettings.Default;
        long start = Stopwatch.GetTimestamp();
        var failures = new List<ProbeFailure>();
        IReadOnlyList<UdpFillCase>? udpFill = null;
        ClosedPortReport? closedPort = null;
        VethFloodReport? vethFlood = null;
        TcpSlowReaderReport? tcpSlowReader = null;

        using var sandbox = new Sandbox();
        using var signals = new SignalGuard(sandbox);
        try
        {
            StaleSweep.Run();
            foreach (string experiment in options.Experiments)
            {
                if (signals.ExitCode is not null)
                {
                    break;
                }

                try
                {
                    switch (experiment)
                    {
                        case UdpFillExperiment.Name: udpFill = UdpFillExperiment.Run(sandbox, settings); break;
                        case ClosedPortExperiment.Name: closedPort = ClosedPortExperiment.Run(sandbox, settings); break;
                        case VethFloodExperiment.Name: vethFlood = VethFloodExperiment.Run(sandbox, settings); break;
                        case TcpSlowReaderExperiment.Name:
                            tcpSlowReader = TcpSlowReaderExperiment.Run(sandbox, settings);
                            break;
                    }
                }
                catch (Exception e) when (e is not OutOfMemoryException && signals.ExitCode is null)
                {
                    Log.Info($"{experiment} failed: {e.Message}");
                    failures.Add(new ProbeFailure { Experiment = experiment, Reason = e.Message });
                }
                catch (Exception) when (signals.ExitCode is not null)
                {
                    // Interrupted: the handler already cleaned up; the failure is a consequence, not a finding.
                }
            }
        }
        finally
        {
            sandbox.Dispose();
        }

        if (signals.ExitCode is { } interrupted)
        {
            return interrupted;
        }

        var report = new ProbeReport
        {
            Kernel = File.ReadAllText("/proc/sys/kernel/osrelease").Trim(),
            Cpus = Environment.ProcessorCount,
            Quick = options.Quick,
            Experiments = options.Experiments,
            WallMs = (long)Stopwatch.GetElapsedTime(start).TotalMilliseconds,
            UdpFill = udpFill,
            ClosedPort = closedPort,
            VethFlood = vethFlood,
            TcpSlowReader = tcpSlowReader,
            Failures = failures,
        };
        Console.Out.WriteLine(JsonSerializer.Serialize(report, ProbeJson.Report));
        return failures.Count == 0 ? 0 : 1;
    }
}
