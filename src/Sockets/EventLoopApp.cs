using ActorStack.Engine;
using ActorStack.Softirq;
using ActorStack.Sockets.Poll;

namespace ActorStack.Sockets;

/// <summary>
/// A single-threaded event loop over many UDP sockets, on one CPU: wait with select(), poll() or epoll_wait(), then
/// read every ready socket with non-blocking recvfrom()/recvmmsg() until EAGAIN, then wait again.
/// <para>
/// select/poll hook a pollwake entry on every socket each call and, after any wakeup, rescan all N descriptors
/// (cost.poll_per_fd each), because the wakeup does not say which one fired. epoll hooks one entry per socket once;
/// ep_poll_callback puts the socket on the ready list, and epoll_wait() polls only the listed items
/// (cost.epoll_per_event each). So a wakeup costs O(N) with select/poll and O(ready) with epoll; that difference is
/// what the thread's CPU time and <see cref="WaitStats"/> show, not a formula.
/// </para>
/// </summary>
/// <remarks>Kernel: fs/select.c do_select(), do_poll(); fs/eventpoll.c ep_poll(), ep_send_events().</remarks>
public sealed class EventLoopApp : Actor<IEventLoopMsg>
{
    private readonly NetStack _stack;
    private readonly WatchedSocket[] _sockets;
    private readonly EventLoopOptions _options;
    private readonly int _cpu;
    private readonly byte[] _userBuffer = new byte[65536];
    private readonly int[] _ready;
    private readonly PollWaiter? _poll;
    private readonly PollEvents _pollMask;
    private EpollWaiter? _epoll;
    private EpItem[] _items = [];
    private int _readyCount;
    private int _cursor;
    private UdpRecv? _read;

    private EventLoopApp(NetStack stack, WatchedSocket[] sockets, EventLoopOptions options, int cpu)
    {
        _stack = stack;
        _sockets = sockets;
        _options = options;
        _cpu = cpu;
        _ready = new int[sockets.Length];
        _pollMask = options.Mode == WaitMode.Select ? PollEvents.SelectReadSet : PollEvents.In | PollEvents.Err | PollEvents.Hup;
        if (options.Mode is WaitMode.Select or WaitMode.Poll)
        {
            _poll = new PollWaiter(sockets.Length, _pollMask);
        }
    }

    /// <summary>Descriptor of the first socket (0–2 are stdin, stdout, stderr).</summary>
    public const int FirstFd = 3;

    /// <summary>select()'s FD_SETSIZE: descriptors at or above it cannot be in an fd_set.</summary>
    public const int FdSetSize = 1024;

    /// <summary>Spawns the loop thread on <paramref name="cpu"/> watching <paramref name="sockets"/>.</summary>
    public static ActorRef<IEventLoopMsg> Spawn(NetStack stack, IReadOnlyList<WatchedSocket> sockets, EventLoopOptions options, int cpu, string name)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(sockets);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Mode == WaitMode.Block)
        {
            throw new ArgumentException("An event loop waits with select, poll or epoll.", nameof(options));
        }

        if (options.Mode == WaitMode.Select && FirstFd + sockets.Count > FdSetSize)
        {
            throw new ArgumentException($"select() cannot watch descriptor {FirstFd + sockets.Count - 1}: fd_set holds descriptors below FD_SETSIZE ({FdSetSize}); use poll or epoll.", nameof(sockets));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.Vlen, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxEvents, 1);
        var copy = sockets.ToArray();
        return stack.System.Spawn(
            new Props<IEventLoopMsg>(() => new EventLoopApp(stack, copy, options, cpu))
                .WithCpu(cpu, ExecClass.Task)
                .WithLifecycle(stack.Lifecycle<IEventLoopMsg>()),
            name);
    }

    private WaitStats Stats => _options.Stats;

    private long Syscall => _stack.Costs.Syscall;

    /// <inheritdoc />
    protected override void PreStart() => _read = new UdpRecv(Self, nonBlocking: true, _options.Vlen);

    /// <inheritdoc />
    protected override void Receive(IEventLoopMsg message)
    {
        switch (message)
        {
            case Start:
                if (_options.Mode == WaitMode.Epoll)
                {
                    CreateEpoll();
                }
                else
                {
                    _poll!.Thread = Self;
                }

                WaitCall();
                break;
            case Wakeup:
                Cpu.Spend(_stack.Costs.ContextSwitch);
                Stats.CountWakeup(_stack.Costs.ContextSwitch);
                _poll?.Awake();
                Rescan(afterWakeup: true);
                break;
            case ScanDone:
                SleepOrRescan();
                break;
            case Datagram datagram:
                var socket = _sockets[_ready[_cursor]];
                UdpRecvmsg.Copy(_stack, Cpu, datagram.Skb, datagram.Index, socket.Info, socket.Reader, _cpu, _userBuffer);
                if (!datagram.More)
                {
                    // Drain until EAGAIN: required with EPOLLET, and what every event loop does.
                    Read();
                }

                break;
            case Again:
                Cpu.Spend(Syscall);
                Stats.CountEagain();
                if ((_options.EpollFlags & PollEvents.EpollOneShot) != 0)
                {
                    // EPOLL_CTL_MOD re-arms the one-shot item now that the socket is drained.
                    Cpu.Spend(Syscall);
                    _epoll!.Instance.Modify(_items[_ready[_cursor]], PollEvents.In | _options.EpollFlags);
                }

                _cursor++;
                ReadNext();
                break;
        }
    }

    private void CreateEpoll()
    {
        // epoll_create1() and one EPOLL_CTL_ADD per socket.
        _epoll = new EpollWaiter(Self, _options.MaxEvents, Stats);
        _items = new EpItem[_sockets.Length];
        Cpu.Spend(Syscall * (_sockets.Length + 1));
        for (int i = 0; i < _sockets.Length; i++)
        {
            _items[i] = _epoll.Instance.Add(_sockets[i].Info, FirstFd + i, PollEvents.In | _options.EpollFlags);
        }
    }

    // A new select()/poll()/epoll_wait() call.
    private void WaitCall()
    {
        Cpu.Spend(Syscall);
        Stats.CountCall(Syscall);
        if (_poll is not null)
        {
            Scan(hook: true);
        }
        else
        {
            Harvest();
        }
    }

    private void Rescan(bool afterWakeup)
    {
        bool found = _poll is not null ? Scan(hook: false) : Harvest();
        if (!found && afterWakeup)
        {
            Stats.CountSpurious();
        }
    }

    // do_select()/do_poll() one pass: ->poll on every descriptor; the first pass of a call hooks a pollwake entry on
    // each until one is found ready. The readiness seen is the pass's start; arrivals during the pass trigger the
    // hooked entries, which ScanDone then sees.
    private bool Scan(bool hook)
    {
        _readyCount = 0;
        for (int i = 0; i < _sockets.Length; i++)
        {
            var info = _sockets[i].Info;
            if (hook)
            {
                _poll!.Hook(i, info.Wait);
            }

            if ((info.Poll() & _pollMask) != 0)
            {
                _ready[_readyCount++] = i;
                hook = false;
            }
        }

        long cost = _sockets.Length * _stack.Costs.PollPerFd;
        Cpu.Spend(cost);
        Stats.CountScan(_sockets.Length, cost);
        if (_readyCount == 0)
        {
            Self.Tell(ScanDone.Instance);
            return false;
        }

        // poll_freewait(): the call returns; every entry hooked in it comes off its queue.
        _poll!.FreeWait();
        Stats.CountReady(_readyCount);
        StartReading();
        return true;
    }

    // ep_poll() → ep_send_events(): only the ready list's items are polled.
    private bool Harvest()
    {
        int n = _epoll!.Harvest(Cpu, _stack.Costs);
        if (n == 0)
        {
            Self.Tell(ScanDone.Instance);
            return false;
        }

        _readyCount = n;
        var events = _epoll.Events;
        for (int i = 0; i < n; i++)
        {
            _ready[i] = events[i].Fd - FirstFd;
        }

        StartReading();
        return true;
    }

    private void SleepOrRescan()
    {
        bool sleeping = _poll is not null ? _poll.TrySleep() : _epoll!.TrySleep();
        if (sleeping)
        {
            Stats.CountSleep();
            return;
        }

        // A wakeup came while the pass ran: look again without sleeping.
        Stats.CountRetrigger();
        Rescan(afterWakeup: false);
    }

    private void StartReading()
    {
        _cursor = 0;
        ReadNext();
    }

    private void ReadNext()
    {
        if (_cursor >= _readyCount)
        {
            WaitCall();
            return;
        }

        Read();
    }

    private void Read()
    {
        Stats.CountRecvCall();
        _sockets[_ready[_cursor]].Socket.Tell(_read!);
    }
}
