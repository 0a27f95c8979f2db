namespace ActorStack.KernelProbe;

/// <summary>A helper command failed; the message names the command and carries its stderr.</summary>
internal sealed class ToolException : Exception
{
    public ToolException(string message)
        : base(message)
    {
    }

    public ToolException()
    {
    }

    public ToolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
