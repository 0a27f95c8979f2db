namespace ActorStack.KernelProbe;

/// <summary>The command line: <c>[--experiments a,b,...] [--quick]</c>.</summary>
internal sealed record ProbeOptions(IReadOnlyList<string> Experiments, bool Quick)
{
    /// <summary>Every experiment, in the order a default run does them.</summary>
    public static readonly IReadOnlyList<string> All = ["udp-fill", "closed-port", "veth-flood", "tcp-slow-reader"];

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> with a usage message on bad input.</summary>
    public static ProbeOptions Parse(IReadOnlyList<string> args)
    {
        IReadOnlyList<string> experiments = All;
        bool quick = false;
        for (int i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--experiments" when i + 1 < args.Count:
                    experiments = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Distinct().ToList();
                    if (experiments.FirstOrDefault(e => !All.Contains(e)) is { } unknown)
                    {
                        throw new ArgumentException($"unknown experiment '{unknown}'; known: {string.Join(",", All)}");
                    }

                    break;
                default:
                    throw new ArgumentException(
                        $"unexpected argument '{args[i]}'. Usage: ActorStack.KernelProbe [--experiments {string.Join(",", All)}] [--quick]");
            }
        }

        return new ProbeOptions(experiments, quick);
    }
}
