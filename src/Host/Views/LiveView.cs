using System.Globalization;
using System.Text;

namespace ActorStack.Host.Views;

/// <summary>How the live view draws.</summary>
public enum ViewMode
{
    /// <summary>Redraw in place on a terminal; plain lines when the output is not a terminal.</summary>
    Auto,

    /// <summary>Redraw in place (ANSI).</summary>
    Terminal,

    /// <summary>A plain progress line every tenth of the run (CI, pipes, log files).</summary>
    Plain,

    /// <summary>Nothing while running.</summary>
    Off,
}

/// <summary>
/// A view while a scenario runs: progress, model time, delivered packets per second of model time, drops (with the
/// top reason) and each CPU's load over the last interval. On a terminal it redraws in place; otherwise it writes
/// a plain line at each tenth of the run, so CI logs stay readable.
/// </summary>
public sealed class LiveView
{
    private readonly TextWriter _output;
    private readonly bool _terminal;
    private ProgressSnapshot? _last;
    private int _linesDrawn;
    private int _lastDecile = -1;

    /// <summary>Creates a view writing to <paramref name="output"/>.</summary>
    public LiveView(TextWriter output, bool terminal)
    {
        _output = output;
        _terminal = terminal;
    }

    /// <summary>Wall milliseconds between updates.</summary>
    public int IntervalMs { get; init; } = 250;

    /// <summary>The view for <paramref name="mode"/> on the console's error stream, or null for Off.</summary>
    public static LiveView? For(ViewMode mode) => mode switch
    {
        ViewMode.Off => null,
        ViewMode.Terminal => new LiveView(Console.Error, terminal: true),
        ViewMode.Plain => new LiveView(Console.Error, terminal: false),
        _ => new LiveView(Console.Error, terminal: !Console.IsErrorRedirected),
    };

    /// <summary>Draws a new sample.</summary>
    public void Update(ProgressSnapshot now)
    {
        ArgumentNullException.ThrowIfNull(now);
        var previous = _last;
        _last = now;
        if (_terminal)
        {
            Redraw(Render(previous, now));
            return;
        }

        int decile = now.TargetPackets > 0 ? (int)Math.Min(10, now.Injected * 10 / now.TargetPackets) : 0;
        if (decile > _lastDecile)
        {
            _lastDecile = decile;
            _output.WriteLine(Line(previous, now));
        }
    }

    /// <summary>The run is over: draws the final state (and leaves the terminal's cursor below it).</summary>
    public void Complete(ProgressSnapshot end)
    {
        ArgumentNullException.ThrowIfNull(end);
        var previous = _last;
        _last = end;
        if (_terminal)
        {
            Redraw(Render(previous, end));
        }
        else
        {
            _output.WriteLine(Line(previous, end) + " done");
        }

        _output.Flush();
    }

    // One line: progress, model time, rates, drops and CPU loads.
    internal static string Line(ProgressSnapshot? previous, ProgressSnapshot now)
    {
        var sb = new StringBuilder();
        double progress = now.TargetPackets > 0 ? 100.0 * now.Injected / now.TargetPackets : 100;
        sb.Append(CultureInfo.InvariantCulture, $"progress {progress,5:F1}%  model {now.ModelNanos / 1e6,9:F3} ms  sent {now.Injected}  delivered {now.Delivered} ({Rate(previous, now),9:F0}/s)  dropped {now.Dropped}");
        if (now.TopDropReason is { } top)
        {
            sb.Append(CultureInfo.InvariantCulture, $" (mostly {top})");
        }

        sb.Append("  cpu");
        foreach (double load in Loads(previous, now))
        {
            sb.Append(CultureInfo.InvariantCulture, $" {load,3:F0}%");
        }

        return sb.ToString();
    }

    private static string[] Render(ProgressSnapshot? previous, ProgressSnapshot now)
    {
        double progress = now.TargetPackets > 0 ? Math.Min(1, (double)now.Injected / now.TargetPackets) : 1;
        int filled = (int)(progress * 40);
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"[{new string('#', filled)}{new string('.', 40 - filled)}] {100 * progress,5:F1}%   model time {now.ModelNanos / 1e6:F3} ms"),
            string.Create(CultureInfo.InvariantCulture, $"sent {now.Injected}  delivered {now.Delivered} ({Rate(previous, now):F0} pkt/s of model time)  dropped {now.Dropped}{(now.TopDropReason is { } top ? $" (mostly {top})" : string.Empty)}"),
        };
        var loads = Loads(previous, now);
        for (int cpu = 0; cpu < loads.Length; cpu++)
        {
            int bar = (int)Math.Round(loads[cpu] / 100 * 30);
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"cpu{cpu,-3} [{new string('|', bar)}{new string(' ', 30 - bar)}] {loads[cpu],5:F1}%"));
        }

        return lines.ToArray();
    }

    private void Redraw(string[] lines)
    {
        var sb = new StringBuilder();
        if (_linesDrawn > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\u001b[{_linesDrawn}A");
        }

        foreach (var line in lines)
        {
            sb.Append("\u001b[2K").Append(line).Append('\n');
        }

        _linesDrawn = lines.Length;
        _output.Write(sb.ToString());
        _output.Flush();
    }

    private static double Rate(ProgressSnapshot? previous, ProgressSnapshot now)
    {
        long dt = now.ModelNanos - (previous?.ModelNanos ?? 0);
        return dt <= 0 ? 0 : (now.Delivered - (previous?.Delivered ?? 0)) * 1e9 / dt;
    }

    // Busy percent of each CPU over the interval since the previous sample (the whole run for the first).
    private static double[] Loads(ProgressSnapshot? previous, ProgressSnapshot now)
    {
        long dt = now.ModelNanos - (previous?.ModelNanos ?? 0);
        return now.BusyNanos.Select((busy, cpu) =>
            dt <= 0 ? 0 : Math.Clamp(100.0 * (busy - (previous?.BusyNanos[cpu] ?? 0)) / dt, 0, 100)).ToArray();
    }
}
