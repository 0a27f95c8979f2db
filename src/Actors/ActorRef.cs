namespace ActorStack.Actors;

/// <summary>A typed, location-free handle to an actor. Telling it a message never blocks and never runs the actor inline.</summary>
public sealed class ActorRef<TMsg>
{
    private readonly Mailbox<TMsg> _mailbox;

    internal ActorRef(Mailbox<TMsg> mailbox, int id, string name)
    {
        _mailbox = mailbox;
        Id = id;
        Name = name;
    }

    /// <summary>Unique id in the system, stable across restarts.</summary>
    public int Id { get; }

    /// <summary>Unique name in the system.</summary>
    public string Name { get; }

    /// <summary>Messages waiting in the mailbox right now.</summary>
    public int QueuedCount => _mailbox.Count;

    /// <summary>True once the actor has stopped; messages told to it become dead letters.</summary>
    public bool IsStopped => _mailbox.IsStopped;

    /// <summary>Enqueues <paramref name="message"/>. Ownership of anything it carries passes to the receiver.</summary>
    public void Tell(TMsg message) => _mailbox.Post(message);

    /// <inheritdoc />
    public override string ToString() => Name;
}
