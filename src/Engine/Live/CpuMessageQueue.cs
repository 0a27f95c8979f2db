using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace ActorStack.Engine.Live;

/// <summary>mailbox-type of the live dispatchers: a queue that yields its CPU to higher-level work between messages.</summary>
public sealed class CpuMailboxType : MailboxType, IProducesMessageQueue<IMessageQueue>
{
    private readonly Placement _placement;

    /// <summary>Called by Akka.</summary>
    public CpuMailboxType(Settings settings, Config config)
        : base(settings, config)
    {
        _placement = Placement.FromConfig(config);
    }

    /// <inheritdoc />
    public override IMessageQueue Create(IActorRef owner, ActorSystem system)
    {
        var simulation = Simulation.Of(system);
        var mailboxOwner = simulation.OwnerOf(owner);
        // A device (no simulated CPU) gets a home CPU thread, spread by spawn order. (Spreading from the highest CPU
        // down, off the CPU that takes the interrupts, delivered more of the default scenario live, 56-59 % instead of
        // 21-23 %, but under 1 Mpps overload the process grew with the packet count, 416 MB at 10M packets against
        // 122 MB: not kept until that is understood.)
        var threads = simulation.CpuThreads;
        var cpu = _placement.Cpu >= 0 ? threads[_placement.Cpu] : threads[(mailboxOwner?.Id ?? 0) % threads.Length];
        return new CpuMessageQueue(cpu, mailboxOwner);
    }
}

/// <summary>
/// A live mailbox's queue. A run takes up to the dispatcher's throughput, but ends early (the actor yields its CPU)
/// as soon as work of a higher level waits on the CPU: a softirq turn stops for a hard IRQ, a thread for softirq.
/// A bounded mailbox drops the new message and reports it, so the ledger can count what it carried.
/// </summary>
internal sealed class CpuMessageQueue : IMessageQueue, IUnboundedMessageQueueSemantics
{
    // ConcurrentQueue: lock-free and, at a steady depth, allocation-free (never TryPeek: it pins segments).
    private readonly ConcurrentQueue<Envelope> _queue = new();
    private readonly CpuThread? _cpu;
    private readonly IMailboxOwner? _owner;
    private readonly int? _capacity;
    private volatile bool _closed;

    public CpuMessageQueue(CpuThread? cpu, IMailboxOwner? owner)
    {
        _cpu = cpu;
        _owner = owner;
        _capacity = owner?.MailboxCapacity;
    }

    /// <summary>The CPU thread this mailbox's runs go to.</summary>
    public CpuThread? Home => _cpu;

    public bool HasMessages => !_queue.IsEmpty;

    public int Count => _queue.Count;

    public void Enqueue(IActorRef receiver, Envelope envelope)
    {
        if (_capacity is int capacity && _queue.Count >= capacity)
        {
            _owner!.Overflowed(envelope.Message, envelope.Sender);
            return;
        }

        _queue.Enqueue(envelope);
        if (_closed)
        {
            // A sender read the mailbox just before the actor stopped and its queue was cleaned up: account now.
            while (_queue.TryDequeue(out var late))
            {
                _owner?.DeadLettered(late.Message, late.Sender);
            }
        }
    }

    public bool TryDequeue(out Envelope envelope)
    {
        if (_cpu is not null && _cpu.IsCurrentThread && !_queue.IsEmpty && !_cpu.MayTakeNext())
        {
            envelope = default;
            return false;
        }

        return _queue.TryDequeue(out envelope);
    }

    public void CleanUp(IActorRef owner, IMessageQueue deadletters)
    {
        _closed = true;
        while (_queue.TryDequeue(out var envelope))
        {
            // Akka's way: dead letters are published on the event stream, where the simulation's tap accounts for them.
            deadletters.Enqueue(owner, envelope);
        }
    }
}
