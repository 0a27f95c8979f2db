using System.Threading.Channels;

namespace ActorStack.Actors;

/// <summary>
/// One actor's mailbox and run loop. A turn handles up to the throughput cap, then yields the dispatcher;
/// the Idle/Scheduled flag changes only by compare-and-swap, and is re-checked after going idle so no wake-up is lost.
/// </summary>
internal sealed class Mailbox<TMsg> : IRunnable, IActorContext
{
    private const int Idle = 0;
    private const int Scheduled = 1;

    private readonly ActorSystem _system;
    private readonly Props<TMsg> _props;
    private readonly IDispatcher _dispatcher;
    private readonly Channel<TMsg>? _channel;

    // Deterministic mode: one thread, so a plain queue; each message remembers when it became ready (its sender's time).
    private readonly TimedQueue<TMsg>? _timed;
    private readonly VirtualClock? _virtualClock;
    private readonly int _throughput;
    private Actor<TMsg> _actor = null!;
    private ActorRef<TMsg> _self = null!;
    private int _status;
    private int _restarts;
    private volatile bool _stopped;

    public Mailbox(ActorSystem system, Props<TMsg> props, IDispatcher dispatcher, string name)
    {
        _system = system;
        _props = props;
        _dispatcher = dispatcher;
        Name = name;
        _throughput = props.Throughput ?? dispatcher.Throughput;
        if (system.Clock is VirtualClock virtualClock)
        {
            _virtualClock = virtualClock;
            _timed = new TimedQueue<TMsg>();
            return;
        }

        _channel = props.MailboxCapacity is int capacity
            ? Channel.CreateBounded<TMsg>(
                new BoundedChannelOptions(capacity)
                {
                    SingleReader = true,
                    FullMode = BoundedChannelFullMode.DropWrite,
                    AllowSynchronousContinuations = false,
                },
                OnItemDropped)
            : Channel.CreateUnbounded<TMsg>(new UnboundedChannelOptions { SingleReader = false });
        // SingleReader would fit (one turn at a time), but its channel cannot report Count, which reports need.
    }

    public string Name { get; }

    public ActorSystem System => _system;

    public IClock Clock => _system.Clock;

    public DispatcherId Dispatcher => _props.Dispatcher;

    public int Count => _timed?.Count ?? _channel!.Reader.Count;

    public int Cpu => _props.Dispatcher.Cpu;

    public ExecClass Class => _props.ExecClass;

    public int Depth => _props.Depth;

    public long HeadReadyAt => _timed!.HeadReadyAt;

    public long DeviceBusyUntil { get; set; }

    public bool NeedResched => Cpu >= 0 && _dispatcher.NeedResched(Cpu);

    public void Spend(long nanos)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nanos);
        if (nanos > 0)
        {
            _dispatcher.Spend(this, nanos);
        }
    }

    public bool IsStopped => _stopped;

    public ActorTimer<T> CreateTimer<T>(ActorRef<T> target, T message) => new(_system, target, message);

    public ActorRef<TMsg> Start(int id)
    {
        _self = new ActorRef<TMsg>(this, id, Name);
        CreateInstance();
        return _self;
    }

    public void Post(TMsg message)
    {
        if (_stopped)
        {
            DeadLetter(message);
            return;
        }

        // Counted before the write so the system never looks quiet while a message is in flight. The channel's write
        // takes the channel's own short lock: the price of building mailboxes on System.Threading.Channels.
        _system.MessageEnqueued();
        _props.Lifecycle?.OnEnqueued(message, _self.Id);
        if (_timed is not null)
        {
            if (_props.MailboxCapacity is int capacity && _timed.Count >= capacity)
            {
                OnItemDropped(message);
                return;
            }

            _timed.Enqueue((message, _virtualClock!.NowNanos));
        }
        else if (!_channel!.Writer.TryWrite(message))
        {
            _system.MessageDone();
            DeadLetter(message);
            return;
        }

        if (Interlocked.CompareExchange(ref _status, Scheduled, Idle) == Idle)
        {
            _dispatcher.Schedule(this);
        }
    }

    public void Run()
    {
        if (_timed is not null)
        {
            RunDeterministic(_timed);
            return;
        }

        var reader = _channel!.Reader;
        int handled = 0;
        while (handled < _throughput && !_stopped && reader.TryRead(out var message))
        {
            handled++;
            Handle(message);
            if (_dispatcher.ShouldYield(this))
            {
                break;
            }
        }

        if (_stopped)
        {
            DrainToDeadLetters();
            return;
        }

        Volatile.Write(ref _status, Idle);
        // Re-check after going idle: a Post that saw Scheduled just before we cleared it did not schedule us.
        // Count, not TryPeek: peeking a ConcurrentQueue pins its segment and makes later enqueues allocate new ones.
        if (reader.Count > 0 && Interlocked.CompareExchange(ref _status, Scheduled, Idle) == Idle)
        {
            _dispatcher.Schedule(this);
        }
    }

    // One thread, virtual time: handle messages that are ready by this actor's own time (it moves as the actor spends).
    private void RunDeterministic(TimedQueue<TMsg> queue)
    {
        int handled = 0;
        while (handled < _throughput && !_stopped && queue.Count > 0 &&
               (handled == 0 || queue.HeadReadyAt <= _virtualClock!.NowNanos))
        {
            handled++;
            Handle(queue.Dequeue().Message);
        }

        if (_stopped)
        {
            DrainToDeadLetters();
            return;
        }

        _status = Idle;
        if (queue.Count > 0)
        {
            _status = Scheduled;
            _dispatcher.Schedule(this);
        }
    }

    // One message through the actor; a failure goes to the supervisor. Either way the message is done.
    private void Handle(TMsg message)
    {
        try
        {
            _actor.Receive(message);
        }
        catch (Exception error)
        {
            Fault(message, error);
        }
        finally
        {
            _system.MessageDone();
        }
    }

    /// <summary>Stops the actor: PostStop releases its state, queued messages become dead letters.</summary>
    public void Stop()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        try
        {
            _actor.PostStop();
        }
        catch (Exception error)
        {
            _system.ReportFault(new ActorFault(Name, error, SupervisorDirective.Stop, _system.Clock.NowNanos));
        }

        // If no turn is running, drain here; otherwise the running turn drains when it sees _stopped.
        if (Interlocked.CompareExchange(ref _status, Scheduled, Idle) == Idle)
        {
            DrainToDeadLetters();
        }
    }

    private void CreateInstance()
    {
        _actor = _props.Factory();
        _actor.Attach(_self, this);
        _actor.PreStart();
    }

    private void Fault(TMsg message, Exception error)
    {
        var directive = _props.Supervisor.Directive;
        if (directive == SupervisorDirective.Restart && ++_restarts > _props.Supervisor.MaxRestarts)
        {
            directive = SupervisorDirective.Stop;
        }

        _system.ReportFault(new ActorFault(Name, error, directive, _system.Clock.NowNanos));
        // Whatever the message carried is accounted for before the instance's state is touched.
        _props.Lifecycle?.OnFaulted(message, _self.Id, Name, error);
        switch (directive)
        {
            case SupervisorDirective.Resume:
                break;
            case SupervisorDirective.Restart:
                try
                {
                    _actor.PreRestart(error);
                }
                catch (Exception cleanupError)
                {
                    _system.ReportFault(new ActorFault(Name, cleanupError, SupervisorDirective.Restart, _system.Clock.NowNanos));
                }

                CreateInstance();
                break;
            case SupervisorDirective.Stop:
                _stopped = true;
                try
                {
                    _actor.PostStop();
                }
                catch (Exception cleanupError)
                {
                    _system.ReportFault(new ActorFault(Name, cleanupError, SupervisorDirective.Stop, _system.Clock.NowNanos));
                }

                break;
        }
    }

    private void DrainToDeadLetters()
    {
        if (_timed is not null)
        {
            while (_timed.TryDequeue(out var entry))
            {
                _system.MessageDone();
                DeadLetter(entry.Message);
            }

            return;
        }

        while (_channel!.Reader.TryRead(out var message))
        {
            _system.MessageDone();
            DeadLetter(message);
        }
    }

    private void DeadLetter(TMsg message)
    {
        _system.DeadLetter();
        _props.Lifecycle?.OnDeadLetter(message, _self.Id, Name);
    }

    private void OnItemDropped(TMsg message)
    {
        // DropWrite: TryWrite reported success, so undo the in-flight count taken in Post.
        _system.MessageDone();
        _system.MailboxOverflowed();
        _props.Lifecycle?.OnMailboxOverflow(message, _self.Id, Name);
    }
}
