using System.Globalization;
using System.Text;
using Spectre.Console;
using Spectre.Console.Rendering;

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
/// top reason) and each CPU's load over the last interval. On a terminal it is a Spectre.Console live display,
/// redrawn in place; otherwise it writes a plain line at each tenth of the run, so CI logs stay readable.
/// </summary>
public sealed class LiveView
{
    private readonly TextWriter _output;
    private readonly IAnsiConsole? _console;
    private LiveDisplayContext? _live;
    private ProgressSnapshot? _last;
    private int _lastDecile = -1;

    /// <summary>Creates a view writing to <paramref name="output"/>: Spectre's live display when <paramref name="terminal"/>, plain lines otherwise.</summary>
    public LiveView(TextWriter output, bool terminal)
    {
        _output = output;
        _console = terminal ? Terminal.Ansi(output) : null;
    }

    /// <summary>Wall milliseconds between updates.</summary>
    public int IntervalMs { get; init; } = 250;

    /// <summary>The view for <paramref name="mode"/> on the console's error stream, or null for Off.</summary>
    public static LiveView? For(ViewMode mode) => mode switch
    {
        ViewMode.Off => null,
        ViewMode.Terminal => new LiveView(Console.Error, terminal: true),
        ViewMode.Plain => new LiveView(Console.Error, terminal: false),
        _ => new LiveView(Console.Error, terminal: Terminal.IsTerminal(Console.Error)),
    };

    /// <summary>
    /// Runs <paramref name="run"/> (which updates this view) inside Spectre's live display on a terminal, so each
    /// update redraws the same lines; plain lines need no frame. Outside it, a terminal view writes each frame below
    /// the last.
    /// </summary>
    public T Show<T>(Func<T> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (_console is null)
        {
            return run();
        }

        return _console.Live(Text.Empty).AutoClear(false).Overflow(VerticalOverflow.Ellipsis).Start(context =>
        {
            _live = context;
            try
            {
                return run();
            }
            finally
            {
                _live = null;
            }
        });
    }

    /// <summary>Draws a new sample.</summary>
    public void Update(ProgressSnapshot now)
    {
        ArgumentNullException.ThrowIfNull(now);
        var previous = _last;
        _last = now;
        if (_console is not null)
        {
            Draw(Render(previous, now));
            return;
        }

        int decile = now.TargetPackets > 0 ? (int)Math.Min(10, now.Injected * 10 / now.TargetPackets) : 0;
        if (decile > _lastDecile)
        {
            _lastDecile = decile;
            _output.WriteLine(Line(previous, now));
        }
    }

    /// <summary>The run is over: draws the final state.</summary>
    public void Complete(ProgressSnapshot end)
    {
        ArgumentNullException.ThrowIfNull(end);
        var previous = _last;
        _last = end;
        if (_console is not null)
        {
            Draw(Render(previous, end));
        }
        else
        {
            _output.WriteLine(Line(previous, end) + " done");
        }

        _output.Flush();
    }

    // One plain line: progress, model time, rates, drops and CPU loads.
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

    // The terminal frame: a progress bar, the counters, and a bar per CPU.
    internal static IRenderable Render(ProgressSnapshot? previous, ProgressSnapshot now)
    {
        double progress = now.TargetPackets > 0 ? Math.Min(1, (double)now.Injected / now.TargetPackets) : 1;
        var bar = new BreakdownChart().Width(40).HideTags()
            .AddItem("sent", Math.Max(progress, 1e-9), Color.Green)
            .AddItem("to send", Math.Max(1 - progress, 1e-9), Color.Grey);
        var heading = new Markup(string.Create(CultureInfo.InvariantCulture, $"[bold]{100 * progress,5:F1}%[/]   model time {now.ModelNanos / 1e6:F3} ms"));
        string mostly = now.TopDropReason is { } top ? $" (mostly {Markup.Escape(top)})" : string.Empty;
        var counters = new Markup(string.Create(CultureInfo.InvariantCulture,
            $"sent {now.Injected}  delivered [green]{now.Delivered}[/] ({Rate(previous, now):F0} pkt/s of model time)  dropped [red]{now.Dropped}[/]{mostly}"));
        var cpus = new BarChart().Width(60).WithMaxValue(100).UseValueFormatter(v => string.Create(CultureInfo.InvariantCulture, $"{v,5:F1}%"));
        var loads = Loads(previous, now);
        for (int cpu = 0; cpu < loads.Length; cpu++)
        {
            cpus.AddItem(string.Create(CultureInfo.InvariantCulture, $"cpu{cpu}"), loads[cpu], loads[cpu] >= 90 ? Color.Red : loads[cpu] >= 50 ? Color.Yellow : Color.Green);
        }

        return new Rows(new Columns(bar, heading).Collapse(), counters, cpus);
    }

    private void Draw(IRenderable frame)
    {
        if (_live is { } live)
        {
            live.UpdateTarget(frame);
        }
        else
        {
            _console!.Write(frame);
        }
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
