using ActorStack.Engine;
using ActorStack.Softirq;

namespace ActorStack.Sockets;

/// <summary>
/// An application thread looping on blocking recvfrom() (or recvmmsg with MSG_WAITFORONE) on one UDP socket, on the
/// CPU the scheduler has it on. udp_recvmsg()'s copy (<see cref="UdpRecvmsg"/>) runs here, in the thread's context
/// and on its CPU time, and a context switch is paid whenever the thread had to sleep.
/// With busy polling on the socket (SO_BUSY_POLL or net.core.busy_read), an empty socket is not slept on at once:
/// the thread polls the socket's NAPI itself (<see cref="NapiBusyLoop"/>) until a datagram is queued or the time is
/// up, and only then sleeps.
/// </summary>
/// <remarks>
/// Kernel: net/ipv4/udp.c udp_recvmsg(), __skb_recv_udp(), skb_consume_udp(); net/ipv4/af_inet.c inet_recvmsg();
/// include/net/busy_poll.h sk_busy_loop(), sk_busy_loop_end().
/// </remarks>
public sealed class UdpReceiverApp : Actor<IUdpReaderMsg>
{
    private readonly NetStack _stack;
    private readonly ActorRef<IUdpSockMsg> _socket;
    private readonly UdpSockInfo _info;
    private readonly ReaderThread _thread;
    private readonly byte[] _userBuffer = new byte[65536];
    private readonly int _cpu;
    private readonly bool _reads;
    private readonly int _vlen;
    private readonly SkBusyLoop? _busy;
    private UdpRecv? _recv;
    private UdpRecv? _recvBlocking;

    private UdpReceiverApp(NetStack stack, ActorRef<IUdpSockMsg> socket, UdpSockInfo info, ReaderThread thread, int cpu, bool reads, int vlen)
    {
        _vlen = vlen;
        _stack = stack;
        _socket = socket;
        _info = info;
        _thread = thread;
        _cpu = cpu;
        _reads = reads;
        _busy = info.BusyPoll.Enabled ? new SkBusyLoop(stack, info.BusyPoll, thread.Stats.Busy) : null;
    }

    /// <summary>
    /// Spawns <paramref name="thread"/>'s actors (one per CPU it may run on) reading <paramref name="socket"/>, and
    /// returns the one it starts as. With <paramref name="reads"/> false the thread never calls recvfrom(); with
    /// <paramref name="vlen"/> above 1 it calls recvmmsg(vlen, MSG_WAITFORONE) instead.
    /// </summary>
    public static ActorRef<IUdpReaderMsg> Spawn(NetStack stack, ActorRef<IUdpSockMsg> socket, UdpSockInfo info, ReaderThread thread, string name, bool reads = true, int vlen = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(vlen, 1);
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(thread);
        thread.Actors = thread.Cpus
            .Select((cpu, i) => stack.System.Spawn(
                new Props<IUdpReaderMsg>(() => new UdpReceiverApp(stack, socket, info, thread, cpu, reads, vlen))
                    .WithCpu(cpu, ExecClass.Task)
                    .WithLifecycle(stack.Lifecycle<IUdpReaderMsg>()),
                thread.Cpus.Count == 1 ? name : $"{name}#{i}"))
            .ToArray();
        return thread.Actors[0];
    }

    /// <inheritdoc />
    protected override void PreStart()
    {
        // The thread's two recvmsg() calls, made once: a busy-polling reader first only tries the queue.
        _recvBlocking = new UdpRecv(Self, nonBlocking: false, _vlen);
        _recv = _busy is null ? _recvBlocking : new UdpRecv(Self, nonBlocking: true, _vlen);
    }

    /// <inheritdoc />
    protected override void Receive(IUdpReaderMsg message)
    {
        switch (message)
        {
            case Start:
                _busy?.Scheduled(Cpu.Clock.NowNanos);
                RecvFrom();
                break;
            case Wakeup:
                // Woken by sk_data_ready: switched back in on this CPU.
                Cpu.Spend(_stack.Costs.ContextSwitch);
                _busy?.Scheduled(Cpu.Clock.NowNanos);
                _thread.Stats.CountWakeup();
                RecvFrom();
                break;
            case Datagram datagram:
                UdpRecvmsg.Copy(_stack, Cpu, datagram.Skb, datagram.Index, _info, _thread, _cpu, _userBuffer);
                if (datagram.More)
                {
                    // The rest of this recvmmsg() call's datagrams are on their way.
                    break;
                }

                var next = _thread.MigrateIfDue(Cpu.Clock.NowNanos);
                if (next is not null)
                {
                    // The scheduler moves the thread: it continues its loop on the other CPU.
                    next.Tell(Start.Instance);
                    break;
                }

                RecvFrom();
                break;
            case Again:
                // Only a busy-polling reader asks without blocking: the socket is empty, so busy poll.
                BusyCheck();
                break;
            case BusyPoll:
                BusyLoopNext();
                break;
        }
    }

    private void RecvFrom()
    {
        if (!_reads)
        {
            return;
        }

        _thread.Stats.CountRecvCall();
        TryRecv();
    }

    // __skb_recv_udp(): a busy-polling reader first only tries the queue (nothing sleeps yet); otherwise the socket
    // takes a datagram or puts the thread to sleep in one go.
    private void TryRecv() => _socket.Tell(_recv!);

    // busy_check: the queue was empty. sk_busy_loop() needs a NAPI id the socket learned from a datagram; without one
    // it returns at once and the thread sleeps.
    private void BusyCheck()
    {
        if (_busy is null)
        {
            return;
        }

        if (_busy.Begin(Cpu, _cpu, _info.NapiId))
        {
            // What the turn passed up reaches the socket through this CPU's protocol actors before the next turn.
            Self.Tell(BusyPoll.Instance);
            return;
        }

        Sleep();
    }

    private void BusyLoopNext()
    {
        switch (_busy!.Next(Cpu, _cpu, _info.NapiId, _info.Queued > 0))
        {
            case BusyLoopState.Polling:
                Self.Tell(BusyPoll.Instance);
                break;
            case BusyLoopState.Data:
                // The queue is no longer empty: try it again (the datagram is there).
                TryRecv();
                break;
            case BusyLoopState.TimedOut:
                // __skb_wait_for_more_packets(), which looks once more before it sleeps.
                Sleep();
                break;
        }
    }

    private void Sleep() => _socket.Tell(_recvBlocking!);
}
