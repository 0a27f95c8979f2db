using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace ActorStack.Engine.Deterministic;

/// <summary>
/// A deterministic mailbox's queue: messages leave in order of the virtual time they became ready (each sender's
/// clock at its Tell), ties in arrival order. A FIFO would let a message sent late in virtual time, but queued first,
/// hold back messages from other senders that were ready earlier (a reader's release_sock told at the end of a 2 ms
/// copy would overtake the segments softirq delivered during that copy). Per sender the order stays FIFO, since a
/// sender's clock never goes back. A turn takes exactly one message (Akka's mailbox would take throughput + 1).
/// <para>
/// The driver thread owns the queue and touches it without locks. A message from any other thread goes to a
/// concurrent inbox that the driver merges, and is counted as a determinism hazard. After the engine is closed
/// (system shutdown) every access takes a lock.
/// </para>
/// </summary>
internal sealed class TimedMessageQueue : IMessageQueue, IUnboundedMessageQueueSemantics
{
    private readonly PriorityQueue<Envelope, (long ReadyAt, long Order)> _queue = new();
    private readonly ConcurrentQueue<(Envelope Envelope, long ReadyAt)> _inbox = new();
    private readonly SimEngine _engine;
    private readonly IMailboxOwner? _owner;
    private readonly int? _capacity;
    private readonly Lock _closedGate = new();
    private long _order;

    // Messages ever queued from other threads: while 0, the inbox is known empty without asking it.
    private int _foreign;

    public TimedMessageQueue(SimEngine engine, string name, Placement placement, IMailboxOwner? owner, bool isRoot)
    {
        _engine = engine;
        _owner = owner;
        _capacity = owner?.MailboxCapacity;
        Entry = new SimEntry(name, placement, this, isRoot);
    }

    public SimEntry Entry { get; }

    public bool HasMessages => _queue.Count > 0 || (Volatile.Read(ref _foreign) > 0 && !_inbox.IsEmpty);

    public int Count => Volatile.Read(ref _foreign) > 0 ? _queue.Count + _inbox.Count : _queue.Count;

    public long HeadReadyAt => _queue.TryPeek(out _, out var at) ? at.ReadyAt : long.MaxValue;

    public void Enqueue(IActorRef receiver, Envelope envelope)
    {
        if (_engine.IsClosed)
        {
            lock (_closedGate)
            {
                _queue.Enqueue(envelope, (long.MaxValue, _order++));
            }

            return;
        }

        if (_capacity is int capacity && Count >= capacity)
        {
            _owner!.Overflowed(envelope.Message, envelope.Sender);
            return;
        }

        if (_engine.OnDriverThread)
        {
            _queue.Enqueue(envelope, (_engine.Clock.NowNanos, _order++));
            _engine.OnEnqueued(Entry);
            return;
        }

        Interlocked.Increment(ref _foreign);
        _inbox.Enqueue((envelope, _engine.Clock.NowNanos));
        _engine.OnForeignEnqueue(Entry);
    }

    public bool TryDequeue(out Envelope envelope)
    {
        if (_engine.IsClosed)
        {
            lock (_closedGate)
            {
                MergeInbox();
                return _queue.TryDequeue(out envelope, out _);
            }
        }

        if (Entry.TurnBudget > 0 && Entry.Running && _queue.TryDequeue(out envelope, out _))
        {
            Entry.TurnBudget--;
            return true;
        }

        envelope = default;
        return false;
    }

    public void CleanUp(IActorRef owner, IMessageQueue deadletters)
    {
        while (true)
        {
            Envelope envelope;
            lock (_closedGate)
            {
                MergeInbox();
                if (!_queue.TryDequeue(out envelope, out _))
                {
                    return;
                }
            }

            // Akka's way: dead letters are published on the event stream, where the simulation's tap accounts for them.
            deadletters.Enqueue(owner, envelope);
        }
    }

    /// <summary>Driver only: takes in what other threads queued, at the times they stamped.</summary>
    public void MergeInbox()
    {
        if (Volatile.Read(ref _foreign) == 0)
        {
            return;
        }

        while (_inbox.TryDequeue(out var item))
        {
            _queue.Enqueue(item.Envelope, (item.ReadyAt, _order++));
        }
    }
}
