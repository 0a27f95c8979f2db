namespace ActorStack.KernelProbe;

/// <summary>
/// The real-kernel half of <c>validate</c>: <c>ActorStack.KernelProbe [--experiments ...] [--quick]</c> prints one
/// JSON <see cref="ProbeReport"/> on stdout (exit 0; 1 if an experiment failed; 2 if a prerequisite is missing or
/// the arguments are wrong). <c>--inner STEP ...</c> is the same program re-run inside a namespace by the probe.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--inner")
        {
            return InnerSteps.Run(args[1..]);
        }

        ProbeOptions options;
        try
        {
            options = ProbeOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }

        IReadOnlyList<string> missing = Prerequisites.Missing();
        if (missing.Count > 0)
        {
            foreach (string line in missing)
            {
                Console.Error.WriteLine(line);
            }

            return 2;
        }

        return ProbeRunner.Run(options);
    }
}
