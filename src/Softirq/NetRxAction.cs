using Serilog.Events;
namespace ActorStack.Softirq;

/// <summary>
/// net_rx_action() over a CPU's poll_list: netdev_budget packets or netdev_budget_usecs (in jiffies), whichever runs
/// out first (time_squeeze), NAPIs polled round-robin with their weight; leftovers go back on the poll_list and leave
/// NET_RX_SOFTIRQ pending.
/// A pass runs as a series of steps, each polling up to gro_normal_batch (8) packets, the batch the kernel hands up the
/// stack at once: between steps the CPU's protocol actors take those packets through IP and UDP, so a NAPI poll of 64
/// packets lasts as long as the kernel's, protocol work included, and the time limit sees it. Run by the inline softirq
/// or by ksoftirqd, whichever owns the CPU's softirq; a pass never nests (sd->in_net_rx_action).
/// </summary>
/// <remarks>Kernel: net/core/dev.c net_rx_action(), napi_poll(), __napi_poll(); gro_normal_batch = 8.</remarks>
internal sealed class NetRxAction
{
    private const int GroNormalBatch = 8;
    private readonly NapiContext _cpu;

    // Reused every pass: net_rx_action allocates nothing.
    private readonly Queue<NapiStruct> _list = new();
    private readonly Queue<NapiStruct> _repoll = new();
    private NapiStruct? _current;
    private int _currentWork;
    private int _budget;
    private long _timeLimit;

    public NetRxAction(NapiContext cpu) => _cpu = cpu;

    /// <summary>Starts a pass: splice poll_list into the pass's own list.</summary>
    public void Begin()
    {
        var cpu = _cpu;
        var options = cpu.Stack.Options;
        cpu.Pending = false;
        cpu.InNetRxAction = true;
        cpu.Spend(cpu.Stack.Costs.SoftirqEntry);
        _budget = options.NetdevBudget;
        _timeLimit = options.Jiffies(cpu.NowNanos) + options.UsecsToJiffies(options.EffectiveBudgetUsecs);
        _current = null;
        Splice(cpu.Softnet.PollList, _list);
    }

    /// <summary>Runs one step. True: the pass goes on (call again); false: it ended, and Pending says if work is left.</summary>
    public bool Step()
    {
        var cpu = _cpu;
        if (_current is null)
        {
            if (_list.Count == 0)
            {
                if (_repoll.Count == 0 && cpu.Softnet.PollList.Count > 0)
                {
                    // Scheduled while we ran: take them in this same pass.
                    Splice(cpu.Softnet.PollList, _list);
                }
                else
                {
                    End();
                    return false;
                }
            }

            _current = _list.Dequeue();
            _currentWork = 0;
        }

        var napi = _current;
        int weight = napi.Weight;
        int chunk = Math.Min(GroNormalBatch, weight - _currentWork);
        int done = napi.Poll(cpu, chunk);
        if (done > chunk)
        {
            throw new InvalidOperationException($"{napi.Name} polled {done} packets, more than asked ({chunk}).");
        }

        _currentWork += done;
        if (done == chunk && _currentWork < weight)
        {
            // The driver has more and this poll has weight left: the next batch, after the stack took this one.
            return true;
        }

        if (_currentWork == weight && napi.PreferBusyPoll)
        {
            // A thread prefers to busy poll this NAPI: complete it instead of polling it again, and if the completion
            // did not defer the interrupt (watchdog) or reschedule it (missed), schedule it once more ourselves.
            if (cpu.CompleteDone(napi, _currentWork))
            {
                cpu.NapiSchedule(napi);
            }
        }
        else if (_currentWork == weight)
        {
            // The poll is over. A driver that completed flushed GRO in napi_complete_done; one that used its whole
            // weight is flushed here: everything with HZ < 1000, only packets older than the jiffy with HZ >= 1000.
            napi.Gro?.Flush(cpu, oldOnly: cpu.Stack.Options.Hz >= 1000);

            // The core still owns the NAPI and polls it again after the others.
            if (napi.IsScheduled)
            {
                _repoll.Enqueue(napi);
            }
        }

        _current = null;
        _budget -= _currentWork;
        var options = cpu.Stack.Options;
        if (_budget <= 0 || options.Jiffies(cpu.NowNanos) >= _timeLimit)
        {
            // Counted even if no work remains (kernel behaviour).
            cpu.Softnet.IncTimeSqueeze();
            if (cpu.Stack.ShouldLog(LogEventLevel.Information))
            {
                cpu.Stack.Log.Information("net_rx_action: time_squeeze on cpu {cpu}: {squeeze_cause} (netdev_budget {budget}, softnet time_squeeze {time_squeeze})",
                    cpu.Cpu, _budget <= 0 ? "budget exhausted" : "netdev_budget_usecs elapsed", options.NetdevBudget, cpu.Softnet.TimeSqueeze);
            }

            End();
            return false;
        }

        return true;
    }

    private void End()
    {
        var cpu = _cpu;
        var pollList = cpu.Softnet.PollList;
        cpu.InNetRxAction = false;
        // Leftovers first, then anything scheduled meanwhile, then repoll (round-robin between NAPIs).
        Splice(pollList, _list);
        Splice(_list, pollList);
        Splice(_repoll, pollList);
        if (pollList.Count > 0)
        {
            cpu.Pending = true;
        }

        // net_rps_action_and_irq_enable(): IPIs to the CPUs whose backlogs this pass filled.
        cpu.SendRpsIpis();
    }

    private static void Splice(Queue<NapiStruct> from, Queue<NapiStruct> to)
    {
        while (from.TryDequeue(out var napi))
        {
            to.Enqueue(napi);
        }
    }
}
