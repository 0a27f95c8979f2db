using ActorStack.Softirq.Skb;

namespace ActorStack.Softirq.Rps;

/// <summary>What <see cref="BacklogNapi.Enqueue"/> did with a packet.</summary>
public enum BacklogEnqueueResult
{
    /// <summary>Queued; the backlog NAPI was already scheduled.</summary>
    Queued,

    /// <summary>Queued into an empty backlog: the caller must schedule the backlog NAPI.</summary>
    ScheduleNapi,

    /// <summary>Not queued: over netdev_max_backlog or the flow limit (the caller frees it as CPU_BACKLOG).</summary>
    Dropped,
}

/// <summary>
/// A CPU's backlog: input_pkt_queue, filled by any CPU (enqueue_to_backlog), and the backlog NAPI that empties it
/// on its own CPU (process_backlog: splice to process_queue, __netif_receive_skb each, quota dev_weight).
/// input_queue_head/tail count packets out and in, for RFS's last_qtail rule.
/// </summary>
/// <remarks>Kernel: net/core/dev.c enqueue_to_backlog(), process_backlog(), skb_flow_limit().</remarks>
public sealed class BacklogNapi : NapiStruct
{
    // The kernel's backlog_lock_irq_save(): other CPUs enqueue while this one dequeues. Taken once per packet here
    // exactly where the kernel takes it.
    private readonly object _lock = new();
    private readonly Queue<SkBuff> _input = new();
    private readonly Queue<SkBuff> _process = new();
    private readonly NetStack _stack;
    private readonly NapiContext _cpu;
    private readonly FlowLimit? _flowLimit;
    private bool _scheduled;
    private long _inputQueueHead;
    private long _inputQueueTail;

    internal BacklogNapi(NetStack stack, NapiContext cpu)
        : base($"backlog/{cpu.Cpu}", stack.Options.DevWeight)
    {
        _stack = stack;
        _cpu = cpu;
        if ((stack.Options.FlowLimitCpuBitmap >> cpu.Cpu & 1) != 0)
        {
            _flowLimit = new FlowLimit(stack.Options.FlowLimitTableLen);
        }
    }

    /// <summary>input_queue_head: packets taken off this backlog so far.</summary>
    public long InputQueueHead => Volatile.Read(ref _inputQueueHead);

    /// <summary>Packets in input_pkt_queue now.</summary>
    public int InputQueueLength
    {
        get
        {
            lock (_lock)
            {
                return _input.Count;
            }
        }
    }

    /// <summary>Packets in process_queue now.</summary>
    public int ProcessQueueLength
    {
        get
        {
            lock (_lock)
            {
                return _process.Count;
            }
        }
    }

    /// <summary>enqueue_to_backlog() onto this CPU, called on <paramref name="from"/>.</summary>
    internal BacklogEnqueueResult Enqueue(SkBuff skb, NapiContext from, RpsDevFlow? flow)
    {
        int maxBacklog = _stack.Options.NetdevMaxBacklog;
        lock (_lock)
        {
            int qlen = _input.Count;
            // The flow limit consults the enqueuing CPU's table (this_cpu_ptr in skb_flow_limit).
            if (qlen > maxBacklog || from.Backlog.FlowLimited(skb, qlen, maxBacklog))
            {
                _cpu.Softnet.IncDropped();
                return BacklogEnqueueResult.Dropped;
            }

            skb.Cpu = _cpu.Cpu;
            _input.Enqueue(skb);
            _inputQueueTail++;
            if (flow is not null)
            {
                flow.LastQtail = _inputQueueTail;
            }

            if (qlen == 0 && !_scheduled)
            {
                _scheduled = true;
                MarkScheduled();
                return BacklogEnqueueResult.ScheduleNapi;
            }

            return BacklogEnqueueResult.Queued;
        }
    }

    /// <summary>process_backlog(): up to <paramref name="budget"/> packets through __netif_receive_skb on this CPU.</summary>
    public override int Poll(NapiContext cpu, int budget)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        int work = 0;
        while (true)
        {
            while (work < budget && _process.TryDequeue(out var skb))
            {
                Volatile.Write(ref _inputQueueHead, _inputQueueHead + 1);
                work++;
                cpu.Spend(_stack.Costs.ProcessBacklog);
                cpu.NetifReceiveSkbCore(skb);
            }

            if (work >= budget)
            {
                return work;
            }

            lock (_lock)
            {
                if (_input.Count == 0)
                {
                    // Done: clear the state under the lock so the next enqueue schedules us again.
                    _scheduled = false;
                    ClearScheduled();
                    return work;
                }

                while (_input.TryDequeue(out var skb))
                {
                    _process.Enqueue(skb);
                }
            }
        }
    }

    /// <summary>skb_flow_limit() on this (the enqueuing) CPU's table, if it has one.</summary>
    private bool FlowLimited(SkBuff skb, int qlen, int maxBacklog)
    {
        if (_flowLimit is null || qlen < (maxBacklog >> 1))
        {
            return false;
        }

        if (_flowLimit.Admit(skb.Hash))
        {
            return false;
        }

        _cpu.Softnet.IncFlowLimitCount();
        return true;
    }
}
