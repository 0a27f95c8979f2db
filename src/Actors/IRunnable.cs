namespace ActorStack.Actors;

/// <summary>A unit of work a dispatcher can run: an actor's mailbox turn.</summary>
internal interface IRunnable
{
    /// <summary>Runs one turn (up to the throughput cap) on the calling thread.</summary>
    void Run();
}
