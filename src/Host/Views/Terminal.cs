using Spectre.Console;

namespace ActorStack.Host.Views;

/// <summary>
/// Where console output goes. A terminal gets Spectre.Console: tables, colours and a live view redrawn in place.
/// Anything else (a pipe, a file, a test's <see cref="StringWriter"/>) gets plain text that is the same for the same
/// run. Kernel-format text (/proc files, netstat -s, ss, iptables -L) is written as it is either way.
/// </summary>
public static class Terminal
{
    /// <summary>True when <paramref name="writer"/> is the process's stdout or stderr and that is a terminal.</summary>
    public static bool IsTerminal(TextWriter writer) =>
        (ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected)
        || (ReferenceEquals(writer, Console.Error) && !Console.IsErrorRedirected);

    /// <summary>A Spectre console drawing with ANSI codes and colours on <paramref name="writer"/>.</summary>
    public static IAnsiConsole Ansi(TextWriter writer) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(writer),
        Ansi = AnsiSupport.Yes,
        ColorSystem = ColorSystemSupport.Standard,
        Interactive = InteractionSupport.Yes,
    });
}
