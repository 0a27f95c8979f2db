namespace ActorStack.Actors.TestKit;

/// <summary>An expectation of a <see cref="TestProbe{T}"/> was not met.</summary>
public sealed class TestKitException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TestKitException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public TestKitException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public TestKitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
