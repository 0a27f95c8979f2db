using ActorStack.Host;

namespace ActorStack.Model.Tests;

/// <summary>Runs a console command line in-process and captures what it printed.</summary>
internal static class ConsoleRunner
{
    public static (int Exit, string Stdout, string Stderr) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exit = Commands.Execute(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
