namespace ActorStack.Softirq.Skb;

/// <summary>Kernel spellings of drop reasons, as dropwatch, perf and the kfree_skb tracepoint print them.</summary>
public static class DropReasons
{
    private static readonly string[] Names = BuildNames();

    /// <summary>Number of reasons (array size for per-reason counters).</summary>
    public static int Count => Names.Length;

    /// <summary>The kernel name without prefix, e.g. SOCKET_RCVBUFF.</summary>
    public static string KernelName(this SkbDropReason reason) => Names[(int)reason];

    /// <summary>The full enum name, e.g. SKB_DROP_REASON_SOCKET_RCVBUFF.</summary>
    public static string FullKernelName(this SkbDropReason reason) => "SKB_DROP_REASON_" + Names[(int)reason];

    private static string[] BuildNames()
    {
        var values = Enum.GetValues<SkbDropReason>();
        var names = new string[values.Length];
        foreach (var value in values)
        {
            names[(int)value] = ToKernel(value.ToString());
        }

        return names;
    }

    // PascalCase → UPPER_SNAKE, keeping the kernel's joined words (RCVBUFF, INHDR, OFOMERGE) as they are.
    private static string ToKernel(string pascal)
    {
        var sb = new System.Text.StringBuilder(pascal.Length + 8);
        for (int i = 0; i < pascal.Length; i++)
        {
            char c = pascal[i];
            if (i > 0 && char.IsUpper(c))
            {
                sb.Append('_');
            }

            sb.Append(char.ToUpperInvariant(c));
        }

        return sb.ToString();
    }
}
