using ActorStack.Actors;
using ActorStack.Softirq;
using ActorStack.Softirq.Skb;
using ActorStack.Softirq.Snmp;
using ActorStack.Softirq.Tracing;

namespace ActorStack.Sockets;

/// <summary>
/// An application thread looping on blocking recvfrom() on one UDP socket, on the CPU the scheduler has it on.
/// udp_recvmsg()'s copy runs here, in the thread's context and on its CPU time: the system call, the copy per KiB,
/// and a context switch whenever the thread had to sleep. The checksum is verified during the copy when the NIC did
/// not, InDatagrams is counted on a successful copy, the reading CPU is recorded for RFS (connected sockets), and the
/// skb is freed.
/// </summary>
/// <remarks>Kernel: net/ipv4/udp.c udp_recvmsg(), skb_consume_udp(); net/ipv4/af_inet.c inet_recvmsg().</remarks>
public sealed class UdpReceiverApp : Actor<AppMsg>
{
    private readonly NetStack _stack;
    private readonly ActorRef<SockMsg> _socket;
    private readonly UdpSockInfo _info;
    private readonly ReaderThread _thread;
    private readonly byte[] _userBuffer = new byte[65536];
    private readonly int _cpu;
    private readonly bool _reads;

    private UdpReceiverApp(NetStack stack, ActorRef<SockMsg> socket, UdpSockInfo info, ReaderThread thread, int cpu, bool reads)
    {
        _stack = stack;
        _socket = socket;
        _info = info;
        _thread = thread;
        _cpu = cpu;
        _reads = reads;
    }

    /// <summary>
    /// Spawns <paramref name="thread"/>'s actors (one per CPU it may run on) reading <paramref name="socket"/>, and
    /// returns the one it starts as. With <paramref name="reads"/> false the thread never calls recvfrom().
    /// </summary>
    public static ActorRef<AppMsg> Spawn(NetStack stack, ActorRef<SockMsg> socket, UdpSockInfo info, ReaderThread thread, string name, bool reads = true)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(thread);
        thread.Actors = thread.Cpus
            .Select((cpu, i) => stack.System.Spawn(
                new Props<AppMsg>(() => new UdpReceiverApp(stack, socket, info, thread, cpu, reads))
                    .WithCpu(cpu, ExecClass.Task)
                    .WithLifecycle(stack.Lifecycle<AppMsg>()),
                thread.Cpus.Count == 1 ? name : $"{name}#{i}"))
            .ToArray();
        return thread.Actors[0];
    }

    /// <inheritdoc />
    protected override void Receive(AppMsg message)
    {
        switch (message.Kind)
        {
            case AppMsgKind.Start:
                RecvFrom();
                break;
            case AppMsgKind.Wakeup:
                // Woken by sk_data_ready: switched back in on this CPU.
                Context.Spend(_stack.Costs.ContextSwitch);
                _thread.Stats.CountWakeup();
                RecvFrom();
                break;
            case AppMsgKind.Datagram:
                Copy(message.Skb!);
                var next = _thread.MigrateIfDue(Context.Clock.NowNanos);
                if (next is not null)
                {
                    // The scheduler moves the thread: it continues its loop on the other CPU.
                    next.Tell(AppMsg.Start);
                    break;
                }

                RecvFrom();
                break;
            case AppMsgKind.Again:
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
        _socket.Tell(SockMsg.Recv(Self));
    }

    private void Copy(SkBuff skb)
    {
        var span = _stack.Tracer.StartHop("udp_recvmsg", skb, _cpu);
        // skb data starts at the UDP header; a UDP_GRO aggregate chains its other segments' payloads behind.
        int payloadBytes = skb.Length - 8;
        Context.Spend(_stack.Costs.Syscall + _stack.Costs.Copy(payloadBytes));
        // inet_recvmsg() → sock_rps_record_flow(): a connected socket tells RFS where its reader runs.
        if (_info.Connected)
        {
            _stack.RpsSockFlows?.Record(_info.RxHash, _cpu);
        }

        var udp = _stack.Snmp.Udp;
        var stats = _thread.Stats;
        if (skb.IpSummed != ChecksumStatus.Unnecessary && !UdpChecksum.Verify(skb))
        {
            // Found while copying: counted now, the datagram skipped (udp_recvmsg csum_copy_err).
            udp.Inc(UdpMibField.InCsumErrors);
            udp.Inc(UdpMibField.InErrors);
            stats.CountChecksumDrop();
            _stack.KfreeSkb(skb, SkbDropReason.UdpCsum, span);
            return;
        }

        // One recvmsg, one InDatagrams, whatever the skb aggregates; the reader sees each segment (UDP_GRO cmsg).
        udp.Inc(UdpMibField.InDatagrams);
        ReadSegment(skb.DataSpan[8..], stats);
        for (var segment = skb.FragList; segment is not null; segment = segment.FragNext)
        {
            ReadSegment(segment.DataSpan, stats);
        }

        _stack.Tracer.RecordConsumed(span);
        _stack.Tracer.End(span);
        _stack.DeliverToApp(skb, Context.Clock.NowNanos);
    }

    private void ReadSegment(ReadOnlySpan<byte> payload, ReceiverStats stats)
    {
        payload.CopyTo(_userBuffer);
        stats.CountDatagram(payload.Length);
        var lastSequence = _thread.LastSequence;
        if (FlowPayload.TryRead(_userBuffer.AsSpan(0, payload.Length), out int flow, out long sequence) &&
            flow >= 0 && flow < lastSequence.Length)
        {
            if (sequence <= lastSequence[flow])
            {
                stats.CountOutOfOrder();
            }

            lastSequence[flow] = sequence;
        }
        else
        {
            stats.CountMalformed();
        }
    }
}
