namespace ActorStack.Sockets.Poll;

/// <summary>The epoll flags by their uapi names, for settings and reports.</summary>
public static class EpollFlagNames
{
    /// <summary>Each flag and its name.</summary>
    public static IReadOnlyList<(string Name, PollEvents Flag)> All { get; } =
    [
        ("EPOLLET", PollEvents.EpollEt), ("EPOLLONESHOT", PollEvents.EpollOneShot), ("EPOLLEXCLUSIVE", PollEvents.EpollExclusive),
    ];

    /// <summary>The flags set in <paramref name="flags"/>, comma-separated ("" when none).</summary>
    public static string Format(PollEvents flags) => string.Join(",", All.Where(f => (flags & f.Flag) != 0).Select(f => f.Name));
}
