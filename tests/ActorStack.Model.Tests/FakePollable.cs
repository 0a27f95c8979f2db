using ActorStack.Sockets.Poll;

namespace ActorStack.Model.Tests;

/// <summary>A file whose readiness a test sets, with a real wait queue.</summary>
internal sealed class FakePollable : IPollable
{
    public WaitQueue Wait { get; } = new();

    public PollEvents Ready { get; set; }

    public PollEvents Poll() => Ready;

    /// <summary>Data arrives: readable, and sk_data_ready's wakeup.</summary>
    public int DataReady()
    {
        Ready = PollEvents.In | PollEvents.RdNorm;
        return Wait.WakeUp(PollEvents.Readable);
    }
}
