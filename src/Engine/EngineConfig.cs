using System.Globalization;
using System.Text;
using Akka.Configuration;

namespace ActorStack.Engine;

/// <summary>
/// The HOCON that plugs the CPU model into Akka: the scheduler, and one dispatcher (with its mailbox type) per
/// placement, CPU × execution class × depth, plus the shared placement. Akka's own actors (guardians, loggers, the
/// dead-letter listener) stay on Akka's default dispatcher: they are not part of the model.
/// </summary>
internal static class EngineConfig
{
    private static readonly ExecClass[] Classes = [ExecClass.Task, ExecClass.SoftirqThread, ExecClass.SoftIrq, ExecClass.HardIrq];

    public static Config For(SimulationOptions options, int simulationId)
    {
        bool deterministic = options.Mode == ExecutionMode.Deterministic;
        string ns = typeof(EngineConfig).Namespace!;
        string assembly = typeof(EngineConfig).Assembly.GetName().Name!;
        string scheduler = deterministic ? $"{ns}.Deterministic.VirtualScheduler" : $"{ns}.Live.HrTimerScheduler";
        string dispatcher = deterministic ? $"{ns}.Deterministic.DeterministicDispatcherConfigurator" : $"{ns}.Live.LiveCpuDispatcherConfigurator";
        string mailbox = deterministic ? $"{ns}.Deterministic.TimedMailboxType" : $"{ns}.Live.CpuMailboxType";
        int throughput = deterministic ? 1 : options.Throughput;

        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"akka.sim.id = {simulationId}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"akka.scheduler.implementation = \"{scheduler}, {assembly}\"");
        sb.AppendLine(CultureInfo.InvariantCulture, $"akka.loglevel = {options.AkkaLogLevel}");
        sb.AppendLine("akka.stdout-loglevel = WARNING");
        // Akka's own log events (supervision, dead letters, configuration) go to Serilog's Log.Logger, which the console
        // points at the kernel log (with model time on every line).
        sb.AppendLine("akka.loggers = [\"Akka.Logger.Serilog.SerilogLogger, Akka.Logger.Serilog\"]");
        sb.AppendLine("akka.logger-formatter = \"Akka.Logger.Serilog.SerilogLogMessageFormatter, Akka.Logger.Serilog\"");
        // Infinite Ask time-outs and no wall-clock restart windows: both would run on the wall clock.
        sb.AppendLine("akka.actor.ask-timeout = infinite");
        sb.AppendLine("akka.log-dead-letters-during-shutdown = off");
        sb.AppendLine("akka.coordinated-shutdown.run-by-actor-system-terminate = off");
        sb.AppendLine("akka.coordinated-shutdown.terminate-actor-system = off");
        void One(Placement p) =>
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"{p.DispatcherId} {{ type = \"{dispatcher}, {assembly}\", mailbox-type = \"{mailbox}, {assembly}\", sim-cpu = {p.Cpu}, sim-class = {Placement.ClassName(p.Class)}, sim-depth = {p.Depth}, throughput = {throughput}, throughput-deadline-time = 0ms }}");

        One(Placement.Shared);
        for (int cpu = 0; cpu < options.CpuCount; cpu++)
        {
            foreach (var cls in Classes)
            {
                for (int depth = 0; depth < Placement.Depths; depth++)
                {
                    One(new Placement(cpu, cls, depth));
                }
            }
        }

        return ConfigurationFactory.ParseString(sb.ToString());
    }
}
