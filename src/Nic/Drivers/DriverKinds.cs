using ActorStack.Softirq;

namespace ActorStack.Nic.Drivers;

/// <summary>driver.kind values as users write them (the kernel's driver names).</summary>
public static class DriverKinds
{
    /// <summary>Every kind, in the order help lists them.</summary>
    public static IReadOnlyList<DriverKind> All { get; } = [DriverKind.Ixgbe, DriverKind.Mlx5, DriverKind.VirtioNet, DriverKind.Veth, DriverKind.Loopback];

    /// <summary>Parses <paramref name="value"/> for knob <paramref name="key"/>.</summary>
    public static DriverKind Parse(string key, string value)
    {
        foreach (var kind in All)
        {
            if (string.Equals(DriverProfile.Of(kind).Name, value, StringComparison.Ordinal) || (kind == DriverKind.Mlx5 && value == "mlx5_core"))
            {
                return kind;
            }
        }

        throw new SettingException(key, $"{key} {value}: known drivers are {string.Join(", ", All.Select(k => DriverProfile.Of(k).Name))}.");
    }
}
