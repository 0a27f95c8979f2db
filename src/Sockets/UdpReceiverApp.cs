using ActorStack.Actors;
using ActorStack.Softirq;
using ActorStack.Softirq.Skb;
using ActorStack.Softirq.Snmp;

namespace ActorStack.Sockets;

/// <summary>
/// An application thread looping on blocking recvfrom() on one UDP socket, pinned to a CPU. udp_recvmsg()'s copy
/// runs here, in the thread's context: the checksum is verified during the copy when the NIC did not, InDatagrams
/// is counted on a successful copy, and the skb is freed.
/// </summary>
/// <remarks>Kernel: net/ipv4/udp.c udp_recvmsg(), skb_consume_udp().</remarks>
public sealed class UdpReceiverApp : Actor<AppMsg>
{
    private readonly NetStack _stack;
    private readonly ActorRef<SockMsg> _socket;
    private readonly ReceiverStats _stats;
    private readonly long[] _lastSequence;
    private readonly byte[] _userBuffer = new byte[65536];
    private readonly int _cpu;
    private readonly bool _reads;

    private UdpReceiverApp(NetStack stack, ActorRef<SockMsg> socket, ReceiverStats stats, long[] lastSequence, int cpu, bool reads)
    {
        _stack = stack;
        _socket = socket;
        _stats = stats;
        _lastSequence = lastSequence;
        _cpu = cpu;
        _reads = reads;
    }

    /// <summary>
    /// Recipe for a reader of <paramref name="socket"/> on <paramref name="cpu"/>; flows are numbered below
    /// <paramref name="maxFlows"/>. With <paramref name="reads"/> false the thread never calls recvfrom().
    /// </summary>
    public static Props<AppMsg> Props(NetStack stack, ActorRef<SockMsg> socket, ReceiverStats stats, int cpu, int maxFlows, bool reads = true)
    {
        ArgumentNullException.ThrowIfNull(stack);
        // Per-flow order state lives outside the instance so a restart cannot forget what was already seen.
        var lastSequence = new long[maxFlows];
        Array.Fill(lastSequence, -1);
        return new Props<AppMsg>(() => new UdpReceiverApp(stack, socket, stats, lastSequence, cpu, reads))
            .WithCpu(cpu)
            .WithLifecycle(stack.Lifecycle<AppMsg>());
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
                _stats.CountWakeup();
                RecvFrom();
                break;
            case AppMsgKind.Datagram:
                Copy(message.Skb!);
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

        _stats.CountRecvCall();
        _socket.Tell(SockMsg.Recv(Self));
    }

    private void Copy(SkBuff skb)
    {
        var span = _stack.Tracer.StartHop("udp_recvmsg", skb, _cpu);
        var udp = _stack.Snmp.Udp;
        if (skb.IpSummed != ChecksumStatus.Unnecessary && !UdpChecksum.Verify(skb))
        {
            // Found while copying: counted now, the datagram skipped (udp_recvmsg csum_copy_err).
            udp.Inc(UdpMibField.InCsumErrors);
            udp.Inc(UdpMibField.InErrors);
            _stats.CountChecksumDrop();
            _stack.KfreeSkb(skb, SkbDropReason.UdpCsum, span);
            return;
        }

        // skb data starts at the UDP header; the payload follows it.
        var payload = skb.DataSpan[8..];
        payload.CopyTo(_userBuffer);
        udp.Inc(UdpMibField.InDatagrams);
        _stats.CountDatagram(payload.Length);
        if (FlowPayload.TryRead(_userBuffer.AsSpan(0, payload.Length), out int flow, out long sequence) &&
            flow >= 0 && flow < _lastSequence.Length)
        {
            if (sequence <= _lastSequence[flow])
            {
                _stats.CountOutOfOrder();
            }

            _lastSequence[flow] = sequence;
        }
        else
        {
            _stats.CountMalformed();
        }

        _stack.Ledger.CountDelivered();
        _stack.Tracer.End(span);
        NetStack.ConsumeSkb(skb);
    }
}
