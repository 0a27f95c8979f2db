using Akka.Configuration;

namespace ActorStack.Engine;

/// <summary>
/// Where an actor runs: a simulated CPU, the execution class its work runs in there and its pipeline depth, or no CPU
/// at all (<see cref="Cpu"/> -1: NIC hardware, the wire, helpers). Akka sees a placement as a dispatcher id: every
/// placement has one, configured by <see cref="EngineConfig"/>.
/// </summary>
public readonly record struct Placement(int Cpu, ExecClass Class, int Depth)
{
    /// <summary>Depths a level has (0..3).</summary>
    public const int Depths = 4;

    /// <summary>No CPU: hardware and helpers.</summary>
    public static Placement Shared { get; } = new(-1, ExecClass.Task, 0);

    /// <summary>True when the actor belongs to no simulated CPU.</summary>
    public bool IsShared => Cpu < 0;

    /// <summary>The Akka dispatcher id of this placement.</summary>
    public string DispatcherId => Cpu < 0 ? "sim-shared" : $"sim-cpu{Cpu}-{ClassName(Class)}-d{Depth}";

    /// <inheritdoc />
    public override string ToString() => IsShared ? "shared" : $"cpu{Cpu}";

    internal static string ClassName(ExecClass c) => c switch
    {
        ExecClass.Task => "task",
        ExecClass.SoftirqThread => "ksoftirqd",
        ExecClass.SoftIrq => "softirq",
        _ => "hardirq",
    };

    internal static Placement FromConfig(Config config)
    {
        var cls = config.GetString("sim-class", "task") switch
        {
            "task" => ExecClass.Task,
            "ksoftirqd" => ExecClass.SoftirqThread,
            "softirq" => ExecClass.SoftIrq,
            "hardirq" => ExecClass.HardIrq,
            var other => throw new ConfigurationException($"unknown sim-class {other}"),
        };
        return new Placement(config.GetInt("sim-cpu", -1), cls, config.GetInt("sim-depth", 0));
    }
}
