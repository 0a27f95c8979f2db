namespace ActorStack.Softirq;

/// <summary>
/// A setting the kernel (or driver) would refuse. <see cref="Key"/> is the knob's name as the console and scenario
/// files spell it (net.core.netdev_budget, ethtool.combined), so a scenario file's error can point at its line.
/// </summary>
public sealed class SettingException : ArgumentException
{
    /// <summary>Creates the error for knob <paramref name="key"/>.</summary>
    public SettingException(string key, string message)
        : base(message) => Key = key;

    /// <summary>Creates the error.</summary>
    public SettingException()
        : this(string.Empty, "invalid setting")
    {
    }

    /// <summary>Creates the error.</summary>
    public SettingException(string message)
        : this(string.Empty, message)
    {
    }

    /// <summary>Creates the error.</summary>
    public SettingException(string message, Exception innerException)
        : base(message, innerException) => Key = string.Empty;

    /// <summary>The knob the error is about.</summary>
    public string Key { get; }
}
