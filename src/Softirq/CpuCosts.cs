namespace ActorStack.Softirq;

/// <summary>
/// What each stage costs the CPU it runs on, in nanoseconds. The kernel publishes no per-stage figures
/// (kernel-reference section 15); these defaults come from that section's measured and published numbers:
/// ~1–3 µs of protocol work per small packet, ≲1 µs for a hard IRQ, 1–5 µs for a wakeup and context switch,
/// ~0.2 µs per KiB copied. Every one can be changed (--set cost.NAME=ns) to match a machine.
/// </summary>
public sealed record CpuCosts
{
    /// <summary>Hard IRQ entry, handler (ack, napi_schedule) and exit.</summary>
    public long HardIrq { get; init; } = 600;

    /// <summary>An IPI's handler (rps_trigger_softirq) including entry and exit.</summary>
    public long IpiReceive { get; init; } = 500;

    /// <summary>Sending an IPI (net_rps_send_ipi: an APIC write), paid by the sender.</summary>
    public long IpiSend { get; init; } = 200;

    /// <summary>Softirq entry and one net_rx_action pass's fixed work.</summary>
    public long SoftirqEntry { get; init; } = 200;

    /// <summary>Driver poll per packet: clean the descriptor, build the skb, eth_type_trans, refill share.</summary>
    public long DriverRxPacket { get; init; } = 150;

    /// <summary>A non-NAPI driver's interrupt handler per packet: allocate and copy the skb, netif_rx.</summary>
    public long LegacyIrqPacket { get; init; } = 300;

    /// <summary>napi_gro_receive per packet (flow match, merge or hold).</summary>
    public long GroReceive { get; init; } = 80;

    /// <summary>__netif_receive_skb_core per skb: taps, ptype dispatch.</summary>
    public long NetifReceiveSkb { get; init; } = 150;

    /// <summary>get_rps_cpu and enqueue_to_backlog per packet (lock, queue).</summary>
    public long EnqueueToBacklog { get; init; } = 120;

    /// <summary>process_backlog per packet (dequeue under the lock).</summary>
    public long ProcessBacklog { get; init; } = 60;

    /// <summary>ip_rcv and ip_local_deliver per packet (checks, PREROUTING/INPUT, route lookup).</summary>
    public long IpRcv { get; init; } = 400;

    /// <summary>udp_rcv per packet: lookup, admission, enqueue, sk_data_ready.</summary>
    public long UdpRcv { get; init; } = 500;

    /// <summary>recvfrom() system call entry and exit, socket lock and dequeue.</summary>
    public long Syscall { get; init; } = 300;

    /// <summary>recvmmsg(): each message after the first (___sys_recvmsg: socket lock and dequeue, no system call entry/exit).</summary>
    public long RecvmmsgPerMsg { get; init; } = 100;

    /// <summary>Copy to user per KiB (copy_to_user), ≈0.2 µs measured.</summary>
    public long CopyPerKiB { get; init; } = 200;

    /// <summary>A blocked thread woken and switched in on its CPU (try_to_wake_up, context switch).</summary>
    public long ContextSwitch { get; init; } = 2000;

    /// <summary>tcp_v4_rcv() with tcp_rcv_established() or a state step, per segment, in softirq or from the backlog.</summary>
    public long TcpRcv { get; init; } = 700;

    /// <summary>tcp_add_backlog(): the softirq only appends to the owned socket's backlog.</summary>
    public long TcpAddBacklog { get; init; } = 150;

    /// <summary>Building and sending one ACK, RST, SYN-ACK or ICMP message (tcp_send_ack, ip_queue_xmit, dev_queue_xmit).</summary>
    public long TxControl { get; init; } = 600;

    /// <summary>select()/poll(): per descriptor, per scan (fdget, -&gt;poll, poll_wait's wait-queue entry).</summary>
    public long PollPerFd { get; init; } = 60;

    /// <summary>epoll_wait(): per ready item reported (ep_send_events, -&gt;poll re-check).</summary>
    public long EpollPerEvent { get; init; } = 80;

    /// <summary>
    /// sendto() of one datagram, or one segment's share of a write(), by a sender on this host (loopback, veth): system
    /// call, udp_sendmsg or tcp_sendmsg, skb allocation and copy, ip_output and dev_queue_xmit up to the device's xmit.
    /// </summary>
    public long Sendmsg { get; init; } = 1500;

    /// <summary>
    /// One turn of a busy-polling thread's loop (napi_busy_loop): claim check, bh disable/enable, the driver poll's
    /// fixed part and cpu_relax. Packets the poll finds cost their usual stages on top.
    /// </summary>
    public long BusyPollLoop { get; init; } = 100;

    /// <summary>The cost named <paramref name="name"/> (as in --set cost.NAME), for reports and overrides.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "hard_irq", "ipi_receive", "ipi_send", "softirq_entry", "driver_rx_packet", "legacy_irq_packet", "gro_receive",
        "netif_receive_skb", "enqueue_to_backlog", "process_backlog", "ip_rcv", "udp_rcv", "syscall", "recvmmsg_msg", "copy_per_kib", "context_switch",
        "tcp_rcv", "tcp_add_backlog", "tx_control", "poll_per_fd", "epoll_per_event",
        "busy_poll_loop", "sendmsg",
    ];

    /// <summary>Copy with cost <paramref name="name"/> set to <paramref name="nanos"/>.</summary>
    public CpuCosts With(string name, long nanos)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nanos);
        return name switch
        {
            "hard_irq" => this with { HardIrq = nanos },
            "ipi_receive" => this with { IpiReceive = nanos },
            "ipi_send" => this with { IpiSend = nanos },
            "softirq_entry" => this with { SoftirqEntry = nanos },
            "driver_rx_packet" => this with { DriverRxPacket = nanos },
            "legacy_irq_packet" => this with { LegacyIrqPacket = nanos },
            "gro_receive" => this with { GroReceive = nanos },
            "netif_receive_skb" => this with { NetifReceiveSkb = nanos },
            "enqueue_to_backlog" => this with { EnqueueToBacklog = nanos },
            "process_backlog" => this with { ProcessBacklog = nanos },
            "ip_rcv" => this with { IpRcv = nanos },
            "udp_rcv" => this with { UdpRcv = nanos },
            "syscall" => this with { Syscall = nanos },
            "recvmmsg_msg" => this with { RecvmmsgPerMsg = nanos },
            "copy_per_kib" => this with { CopyPerKiB = nanos },
            "context_switch" => this with { ContextSwitch = nanos },
            "tcp_rcv" => this with { TcpRcv = nanos },
            "tcp_add_backlog" => this with { TcpAddBacklog = nanos },
            "tx_control" => this with { TxControl = nanos },
            "poll_per_fd" => this with { PollPerFd = nanos },
            "epoll_per_event" => this with { EpollPerEvent = nanos },
            "sendmsg" => this with { Sendmsg = nanos },
            // A busy-poll turn that costs nothing would spin forever at one instant of model time.
            "busy_poll_loop" => nanos > 0 ? this with { BusyPollLoop = nanos } : throw new ArgumentException("cost.busy_poll_loop must be at least 1 ns: a busy-poll turn that costs nothing never lets model time pass."),
            _ => throw new ArgumentException($"cost.{name} is not a cost; known: {string.Join(", ", Names)}."),
        };
    }

    /// <summary>The cost named <paramref name="name"/> (one of <see cref="Names"/>).</summary>
    public long Of(string name) => name switch
    {
        "hard_irq" => HardIrq,
        "ipi_receive" => IpiReceive,
        "ipi_send" => IpiSend,
        "softirq_entry" => SoftirqEntry,
        "driver_rx_packet" => DriverRxPacket,
        "legacy_irq_packet" => LegacyIrqPacket,
        "gro_receive" => GroReceive,
        "netif_receive_skb" => NetifReceiveSkb,
        "enqueue_to_backlog" => EnqueueToBacklog,
        "process_backlog" => ProcessBacklog,
        "ip_rcv" => IpRcv,
        "udp_rcv" => UdpRcv,
        "syscall" => Syscall,
        "recvmmsg_msg" => RecvmmsgPerMsg,
        "copy_per_kib" => CopyPerKiB,
        "context_switch" => ContextSwitch,
        "tcp_rcv" => TcpRcv,
        "tcp_add_backlog" => TcpAddBacklog,
        "tx_control" => TxControl,
        "poll_per_fd" => PollPerFd,
        "epoll_per_event" => EpollPerEvent,
        "busy_poll_loop" => BusyPollLoop,
        "sendmsg" => Sendmsg,
        _ => throw new ArgumentException($"cost.{name} is not a cost; known: {string.Join(", ", Names)}."),
    };

    /// <summary>The copy cost of <paramref name="bytes"/>.</summary>
    public long Copy(int bytes) => bytes * CopyPerKiB / 1024;
}
