using System.Globalization;
using ActorStack.KernelProbe;

namespace ActorStack.Host.Validate;

/// <summary>
/// validate: the same experiments on this machine's kernel and on the model, side by side, pass or fail per row.
/// Exit 0 when every row passes, 1 when one fails, 2 when the kernel cannot be measured here (nothing ran).
/// </summary>
public static class ValidateCommand
{
    /// <summary>Runs <paramref name="plan"/>.</summary>
    public static int Run(ValidatePlan plan, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        ProbeReport kernel;
        if (plan.KernelJson is { } saved)
        {
            kernel = KernelHalf.Parse(File.ReadAllText(saved));
        }
        else
        {
            if (KernelHalf.Missing() is { } missing)
            {
                error.WriteLine($"error: {missing}");
                return 2;
            }

            kernel = KernelHalf.Measure(plan, error);
        }

        if (plan.SaveKernel is { } path)
        {
            File.WriteAllText(path, KernelHalf.Format(kernel));
        }

        foreach (var failure in kernel.Failures)
        {
            error.WriteLine($"kernel: experiment {failure.Experiment} failed: {failure.Reason}");
        }

        var rows = ValidateRows.Of(kernel);
        Print(kernel, rows, output);
        return rows.All(r => r.Pass) && kernel.Failures.Count == 0 ? 0 : 1;
    }

    /// <summary>The table: one block per experiment case, kernel and model figures, the rule, PASS or FAIL.</summary>
    public static void Print(ProbeReport kernel, IReadOnlyList<ValidateRow> rows, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"validate: Linux {kernel.Kernel}, {kernel.Cpus} CPUs{(kernel.Quick ? ", quick" : string.Empty)}; model: deterministic, seed 1, matching driver profile"));
        string? experiment = null;
        foreach (var row in rows)
        {
            if (row.Experiment != experiment)
            {
                experiment = row.Experiment;
                output.WriteLine();
                output.WriteLine(experiment);
                output.WriteLine($"  {"quantity",-46} {"kernel",12} {"model",12}  {"rule",-20} result");
            }

            output.WriteLine($"  {row.Quantity,-46} {ValidateRow.Text(row.Kernel),12} {ValidateRow.Text(row.Model),12}  {row.Rule,-20} {(row.Pass ? "PASS" : "FAIL")}");
        }

        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"validate: {rows.Count(r => r.Pass)} of {rows.Count} rows pass"));
    }
}
