using ActorStack.Engine;
using ActorStack.Softirq;
using ActorStack.Sockets.Poll;

namespace ActorStack.Sockets.Tcp;

/// <summary>
/// An application thread that accept()s a connection on a listener and then loops on blocking recv(len) on it:
/// each call takes the socket lock (the socket is owned from the call until release_sock), copies on the thread's
/// CPU (system call + copy per KiB, plus <see cref="TcpAppOptions.LockHoldNanos"/> of other work under the lock),
/// then releases the socket, processing whatever softirq put in the backlog meanwhile (cost.tcp_rcv per skb, in
/// process context). Every byte is checked against the sender's stream.
/// <para>
/// With <see cref="TcpAppOptions.AcceptMode"/> epoll, the thread waits for connections in epoll_wait() on its own
/// epoll instance watching the listener, then calls a non-blocking accept(); many such threads on one listener are
/// the thundering herd: every instance's entry is woken by each new connection unless it was added with
/// EPOLLEXCLUSIVE, and all but one thread get EAGAIN.
/// </para>
/// </summary>
/// <remarks>Kernel: net/ipv4/tcp.c tcp_recvmsg(), core/sock.c lock_sock()/release_sock(), inet_csk_accept().</remarks>
public sealed class TcpReaderApp : Actor<ITcpReaderMsg>
{
    private readonly NetStack _stack;
    private readonly ActorRef<ITcpListenMsg> _listener;
    private readonly TcpAppOptions _options;
    private readonly byte[] _userBuffer;
    private readonly int _cpu;
    private TcpConnection? _connection;
    private int _stream;
    private long _expectedOffset;
    private bool _releasing;
    private bool _eofPending;
    private EpollWaiter? _epoll;
    private bool _woken;
    private readonly SkBusyLoop? _busy;
    private TcpAccept? _accept;
    private TcpAccept? _acceptNonBlocking;
    private TcpRecv? _recv;
    private TcpRelease? _release;

    private TcpReaderApp(NetStack stack, ActorRef<ITcpListenMsg> listener, TcpAppOptions options, int cpu)
    {
        _stack = stack;
        _listener = listener;
        _options = options;
        _userBuffer = new byte[options.RecvBytes];
        _cpu = cpu;
        _busy = options.BusyPoll.Enabled ? new SkBusyLoop(stack, options.BusyPoll, options.Stats.Busy) : null;
    }

    /// <summary>What the thread counted.</summary>
    public TcpReaderStats Stats => _options.Stats;

    /// <summary>Spawns a reading thread on <paramref name="cpu"/>.</summary>
    public static ActorRef<ITcpReaderMsg> Spawn(NetStack stack, ActorRef<ITcpListenMsg> listener, TcpAppOptions options, int cpu, string name)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(options);
        return stack.System.Spawn(
            new Props<ITcpReaderMsg>(() => new TcpReaderApp(stack, listener, options, cpu))
                .WithCpu(cpu, ExecClass.Task)
                .WithLifecycle(stack.Lifecycle<ITcpReaderMsg>()),
            name);
    }

    /// <inheritdoc />
    protected override void PreStart()
    {
        // The thread's system calls, made once and sent every time.
        _accept = new TcpAccept(Self);
        _acceptNonBlocking = new TcpAccept(Self, nonBlocking: true);
        _recv = new TcpRecv(Self, _options.RecvBytes);
        _release = new TcpRelease(Self);
    }

    /// <inheritdoc />
    protected override void Receive(ITcpReaderMsg message)
    {
        switch (message)
        {
            case Start:
                _busy?.Scheduled(Cpu.Clock.NowNanos);
                if (_options.AcceptMode == WaitMode.Epoll)
                {
                    // epoll_create1() and EPOLL_CTL_ADD of the listener.
                    Cpu.Spend(2 * _stack.Costs.Syscall);
                    _epoll = new EpollWaiter(Self, 1, _options.Wait);
                    _epoll.Instance.Add(_options.Listener ?? throw new InvalidOperationException("epoll accept needs the listener's socket."), 3, PollEvents.In | _options.EpollFlags);
                }

                AcceptNext();
                break;
            case ScanDone:
                if (_epoll!.TrySleep())
                {
                    _options.Wait.CountSleep();
                }
                else
                {
                    _options.Wait.CountRetrigger();
                    Harvest();
                }

                break;
            case TcpAccepted accepted:
                _woken = false;
                _connection = accepted.Connection;
                _stream = _connection!.Info.Tuple.RemotePort - _options.FirstPeerPort;
                Stats.CountAccepted();
                Recv();
                break;
            case Wakeup:
                // Switched back in after sleeping in accept(), epoll_wait() or sk_wait_data().
                Cpu.Spend(_stack.Costs.ContextSwitch);
                _busy?.Scheduled(Cpu.Clock.NowNanos);
                Stats.CountWakeup();
                if (_connection is null && _epoll is not null)
                {
                    _options.Wait.CountWakeup(_stack.Costs.ContextSwitch);
                    _woken = true;
                    Harvest();
                }
                else if (_connection is null)
                {
                    _listener.Tell(_accept!);
                }
                else
                {
                    Recv();
                }

                break;
            case BusyPoll:
                if (_busy!.Next(Cpu, _cpu, _connection!.Info.NapiId, _connection.Info.RecvQ > 0) == BusyLoopState.Polling)
                {
                    Self.Tell(BusyPoll.Instance);
                    break;
                }

                // Data arrived or the time is up: lock_sock() and read as usual (which sleeps if there is nothing).
                _connection.Socket.Tell(_recv!);
                break;
            case TcpData data:
                Copy(data.Batch);
                break;
            case TcpBacklog backlog:
                // __release_sock(): the owner runs tcp_v4_do_rcv for each backlog skb, in process context.
                Cpu.Spend(backlog.Count * _stack.Costs.TcpRcv);
                Stats.CountBacklog(backlog.Count);
                _connection!.Socket.Tell(_releasing ? _release! : _recv!);
                break;
            case TcpReleased:
                _releasing = false;
                if (_eofPending)
                {
                    // recv returned 0: this connection is done; serve the next one.
                    _eofPending = false;
                    _connection = null;
                    _expectedOffset = 0;
                    Stats.CountEof();
                    AcceptNext();
                    break;
                }

                if (_options.ThinkNanos > 0)
                {
                    // Work on the data outside the lock.
                    Cpu.SpendUser(_options.ThinkNanos);
                }

                Recv();
                break;
            case Again:
                Stats.CountEagain();
                if (_epoll is not null)
                {
                    // Another thread took the connection this wakeup was for.
                    Cpu.Spend(_stack.Costs.Syscall);
                    _options.Wait.CountEagain();
                    if (_woken)
                    {
                        _options.Wait.CountSpurious();
                        _woken = false;
                    }

                    AcceptNext();
                }

                break;
        }
    }

    // The next connection: blocking accept(), or epoll_wait() for the listener and then a non-blocking accept().
    private void AcceptNext()
    {
        Cpu.Spend(_stack.Costs.Syscall);
        if (_epoll is null)
        {
            _listener.Tell(_accept!);
            return;
        }

        _options.Wait.CountCall(_stack.Costs.Syscall);
        Harvest();
    }

    private void Harvest()
    {
        if (_epoll!.Harvest(Cpu, _stack.Costs) == 0)
        {
            if (_woken)
            {
                _options.Wait.CountSpurious();
                _woken = false;
            }

            Self.Tell(ScanDone.Instance);
            return;
        }

        Cpu.Spend(_stack.Costs.Syscall);
        _options.Wait.CountRecvCall();
        _listener.Tell(_acceptNonBlocking!);
    }

    private void Recv()
    {
        Stats.CountRecv();
        Cpu.Spend(_stack.Costs.Syscall);
        var info = _connection!.Info;
        // tcp_recvmsg(): an established socket with an empty receive queue busy polls before it takes the lock.
        if (_busy is not null && info.RecvQ == 0 && info.State == TcpState.Established && _busy.Begin(Cpu, _cpu, info.NapiId))
        {
            Self.Tell(BusyPoll.Instance);
            return;
        }

        _connection.Socket.Tell(_recv!);
    }

    // The copy runs with the socket owned: softirq meanwhile can only append to the backlog.
    private void Copy(TcpReadBatch batch)
    {
        var span = batch.Count > 0 ? _stack.Tracer.StartHop("tcp_recvmsg", batch.Skb(0), _cpu) : null;
        Cpu.Spend(_stack.Costs.Copy(batch.Bytes) + _options.LockHoldNanos);
        if (batch.Count > 0 && batch.StreamOffset != _expectedOffset)
        {
            Stats.CountOutOfOrder();
        }

        long offset = batch.StreamOffset;
        for (int i = 0; i < batch.Count; i++)
        {
            var skb = batch.Skb(i);
            int n = batch.Length(i);
            var destination = _userBuffer.AsSpan(0, n);
            TcpSegment.CopyPayload(skb, batch.HeaderLength(i), batch.Offset(i), n, destination);
            if (!TcpStreamPattern.Matches(_stream, offset, destination))
            {
                Stats.CountCorrupt(n);
            }

            offset += n;
            if (batch.Finished(i))
            {
                _stack.DeliverToApp(skb, Cpu.Clock.NowNanos);
            }
        }

        _expectedOffset = offset;
        _eofPending = batch.Eof || batch.Reset;
        Stats.CountRead(batch.Bytes, _eofPending);
        _stack.Tracer.End(span);
        _releasing = true;
        _connection!.Socket.Tell(_release!);
    }
}

/// <summary>How a TCP reading thread behaves.</summary>
public sealed record TcpAppOptions
{
    /// <summary>recv()'s len.</summary>
    public int RecvBytes { get; init; } = 65536;

    /// <summary>Work done while holding the socket lock per recv (a reader preempted or busy mid-copy), ns.</summary>
    public long LockHoldNanos { get; init; }

    /// <summary>Work done on the data between recv calls, outside the lock, ns.</summary>
    public long ThinkNanos { get; init; }

    /// <summary>The sender's first source port: connection i comes from this port + i.</summary>
    public int FirstPeerPort { get; init; } = 40000;

    /// <summary>Where the thread counts.</summary>
    public TcpReaderStats Stats { get; init; } = new();

    /// <summary>How it waits for connections: blocking accept() (exclusive, one thread per connection) or epoll.</summary>
    public WaitMode AcceptMode { get; init; } = WaitMode.Block;

    /// <summary>epoll accept: flags added to EPOLLIN for the listener item (EPOLLEXCLUSIVE against the herd).</summary>
    public PollEvents EpollFlags { get; init; }

    /// <summary>epoll accept: the listener's socket, which the thread's epoll instance watches.</summary>
    public IPollable? Listener { get; init; }

    /// <summary>Where the thread counts its waiting for connections.</summary>
    public WaitStats Wait { get; init; } = new();

    /// <summary>SO_BUSY_POLL and its kin on every accepted socket (inherited from the listener, as sock_copy does).</summary>
    public BusyPollSettings BusyPoll { get; init; } = BusyPollSettings.Off;
}
