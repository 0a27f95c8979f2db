namespace ActorStack.Host.Validate;

/// <summary>What validate runs: which experiments, how big, and where the kernel's half comes from.</summary>
public sealed record ValidatePlan(IReadOnlyList<string> Experiments, bool Quick, string? KernelJson, string? SaveKernel)
{
    /// <summary>The experiments, in the order they run.</summary>
    public static IReadOnlyList<string> All { get; } = ["udp-fill", "closed-port", "veth-flood", "tcp-slow-reader"];

    /// <summary>Checks and builds the plan; a bad value is an ArgumentException naming the option.</summary>
    public static ValidatePlan Parse(string? experiments, bool quick, string? kernelJson, string? saveKernel)
    {
        var chosen = experiments is null ? All : experiments.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var e in chosen)
        {
            if (!All.Contains(e))
            {
                throw new ArgumentException($"--experiments {e}: known experiments are {string.Join(", ", All)}.");
            }
        }

        if (kernelJson is not null && !File.Exists(kernelJson))
        {
            throw new ArgumentException($"--kernel-json {kernelJson}: no such file.");
        }

        if (saveKernel is not null)
        {
            string dir = Path.GetDirectoryName(Path.GetFullPath(saveKernel))!;
            if (!Directory.Exists(dir))
            {
                throw new ArgumentException($"--save-kernel {saveKernel}: directory {dir} does not exist.");
            }
        }

        return new ValidatePlan(chosen.ToArray(), quick, kernelJson, saveKernel);
    }
}
