namespace ActorStack.KernelProbe;

/// <summary>Progress and diagnostics. Always stderr: stdout carries only the JSON report the Host parses.</summary>
internal static class Log
{
    public static void Info(string message) => Console.Error.WriteLine($"[kernel-probe] {message}");
}
