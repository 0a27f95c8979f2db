using ActorStack.Actors;

namespace ActorStack.Softirq;

/// <summary>
/// A CPU's interrupt and NET_RX softirq side: runs hard IRQ handlers delivered to this CPU, then net_rx_action()
/// over the CPU's poll_list with netdev_budget and netdev_budget_usecs, counting time_squeeze.
/// Work left over re-raises the softirq as a new message, so other actors on the CPU get their turn in between.
/// </summary>
/// <remarks>Kernel: net/core/dev.c net_rx_action(), napi_poll(), __napi_poll(); kernel/softirq.c.</remarks>
public sealed class NapiPoller : Actor<SoftirqMsg>
{
    private readonly NetStack _stack;
    private readonly NapiContext _cpu;

    // Reused every run: net_rx_action allocates nothing.
    private readonly Queue<NapiStruct> _list = new();
    private readonly Queue<NapiStruct> _repoll = new();

    private NapiPoller(NetStack stack, NapiContext cpu)
    {
        _stack = stack;
        _cpu = cpu;
    }

    /// <summary>Recipe for CPU <paramref name="cpu"/>'s poller, pinned to that CPU.</summary>
    public static Props<SoftirqMsg> Props(NetStack stack, int cpu)
    {
        ArgumentNullException.ThrowIfNull(stack);
        // The context outlives restarts: NAPI scheduling state must survive a failed poller instance.
        var context = new NapiContext(stack, cpu);
        return new Props<SoftirqMsg>(() => new NapiPoller(stack, context)).WithCpu(cpu);
    }

    /// <inheritdoc />
    protected override void Receive(SoftirqMsg message)
    {
        switch (message.Kind)
        {
            case SoftirqMsgKind.HardIrq:
                message.Irq!.HandleIrq(_cpu);
                break;
            case SoftirqMsgKind.NetRxSoftirq:
                _cpu.SoftirqPending = true;
                break;
        }

        // irq_exit() → invoke_softirq(), or the re-raised softirq's turn.
        if (_cpu.SoftirqPending)
        {
            _cpu.SoftirqPending = false;
            NetRxAction();
        }
    }

    private void NetRxAction()
    {
        var options = _stack.Options;
        var softnet = _cpu.Softnet;
        int budget = options.NetdevBudget;
        long timeLimit = options.Jiffies(Context.Clock.NowNanos) + options.UsecsToJiffies(options.EffectiveBudgetUsecs);
        var pollList = softnet.PollList;
        var list = _list;
        var repoll = _repoll;
        _cpu.InNetRxAction = true;

        // Splice poll_list into a local list; NAPIs that used their whole weight go to repoll, behind the rest.
        Splice(pollList, list);
        while (true)
        {
            if (list.Count == 0)
            {
                if (repoll.Count == 0 && pollList.Count > 0)
                {
                    // Scheduled while we ran: take them in this same run.
                    Splice(pollList, list);
                    continue;
                }

                break;
            }

            budget -= NapiPoll(list.Dequeue(), repoll);
            if (budget <= 0 || options.Jiffies(Context.Clock.NowNanos) >= timeLimit)
            {
                // Counted even if no work remains (kernel behaviour).
                softnet.IncTimeSqueeze();
                break;
            }
        }

        _cpu.InNetRxAction = false;
        // Leftovers first, then anything scheduled meanwhile, then repoll (round-robin between NAPIs).
        Splice(pollList, list);
        Splice(list, pollList);
        Splice(repoll, pollList);
        if (pollList.Count > 0)
        {
            Self.Tell(SoftirqMsg.NetRx);
        }
    }

    private static void Splice(Queue<NapiStruct> from, Queue<NapiStruct> to)
    {
        while (from.TryDequeue(out var napi))
        {
            to.Enqueue(napi);
        }
    }

    private int NapiPoll(NapiStruct napi, Queue<NapiStruct> repoll)
    {
        int weight = napi.Weight;
        int work = napi.Poll(_cpu, weight);
        if (work > weight)
        {
            throw new InvalidOperationException($"{napi.Name} polled {work} packets, more than its weight {weight}.");
        }

        // work < weight: the driver completed (napi_complete_done). work == weight: the core still owns it.
        if (work == weight && napi.IsScheduled)
        {
            repoll.Enqueue(napi);
        }

        return work;
    }
}
