using ActorStack.Host;

namespace ActorStack.Fuzz;

/// <summary>
/// One fuzz input: a frame (the first 1514 bytes of the input) put on the wire of a deterministic host built from the
/// default scenario with its own traffic off, run until the model is quiet. The host lives for the whole process, so
/// the ledger accumulates: after every input, every frame ever injected must be delivered, dropped with a reason,
/// finished by the kernel or still queued. Anything else throws, which the fuzzer records as a crash.
/// </summary>
internal static class FrameTarget
{
    private static readonly Lazy<SimulatedHost> Host = new(() =>
    {
        var options = Scenarios.Apply(new ScenarioOptions(), Scenarios.Find("default")) with { Packets = 0 };
        var host = new SimulatedHost(options);
        host.StartApplications();
        return host;
    });

    public static void Run(ReadOnlySpan<byte> input)
    {
        var host = Host.Value;
        host.InjectFrame(input[..Math.Min(input.Length, 1514)]);
        if (!host.System.RunUntilQuiet(TimeSpan.FromSeconds(10)))
        {
            throw new InvalidOperationException("the model did not go quiet within 10 s of model time after a frame");
        }

        var conservation = host.Stack.Ledger.Conservation(host.StillQueued);
        if (!conservation.Holds || host.System.FaultCount > 0)
        {
            throw new InvalidOperationException($"frame not accounted for: {conservation}; actor faults {host.System.FaultCount}");
        }
    }
}
