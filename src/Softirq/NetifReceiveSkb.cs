using ActorStack.Softirq.Latency;
using ActorStack.Softirq.Rps;
using ActorStack.Softirq.Skb;
using ActorStack.Softirq.Tracing;
using Serilog.Events;

namespace ActorStack.Softirq;

/// <summary>
/// netif_receive_skb_internal() / netif_rx_internal(): steer by RPS/RFS to some CPU's backlog, or run
/// __netif_receive_skb_core() here: count the pass in softnet_data, then hand the skb to the protocol actor
/// registered for its ethertype on this CPU, or drop it as UNHANDLED_PROTO.
/// </summary>
/// <remarks>Kernel: net/core/dev.c. Taps, XDP and rx_handler are not modelled.</remarks>
internal sealed class NetifReceiveSkb
{
    private readonly NetStack _stack;
    private readonly NapiContext _cpu;

    public NetifReceiveSkb(NetStack stack, NapiContext cpu)
    {
        _stack = stack;
        _cpu = cpu;
    }

    /// <summary>netif_receive_skb_internal(): RPS first; "choosing the current CPU still goes via its backlog".</summary>
    public void ReceiveInternal(SkBuff skb)
    {
        skb.Stamp(LatencyStage.NetifReceiveSkb, _stack.Clock.NowNanos);
        if (skb.Dev is { } dev && RpsSteering.GetRpsCpu(_stack, dev, skb, out var flow) is int target and >= 0)
        {
            EnqueueToBacklog(skb, target, flow);
            return;
        }

        ReceiveCore(skb, fromNapi: true);
    }

    /// <summary>netif_rx_internal(): RPS if configured, else this CPU's backlog. False: dropped (NET_RX_DROP).</summary>
    public bool NetifRx(SkBuff skb)
    {
        skb.Stamp(LatencyStage.NetifReceiveSkb, _stack.Clock.NowNanos);
        RpsDevFlow? flow = null;
        int target = skb.Dev is { } dev ? RpsSteering.GetRpsCpu(_stack, dev, skb, out flow) : -1;
        return EnqueueToBacklog(skb, target >= 0 ? target : _cpu.Cpu, flow);
    }

    /// <summary>
    /// __netif_receive_skb_core(). A packet straight from a NAPI poll (<paramref name="fromNapi"/>) goes to the protocol
    /// actors of the CPU its NAPI's earlier packets are still in, if any (<see cref="NapiStruct.PipelineEnter"/>).
    /// </summary>
    public void ReceiveCore(SkBuff skb, bool fromNapi = false)
    {
        skb.Stamp(LatencyStage.ReceiveCore, _stack.Clock.NowNanos);
        var span = _stack.Tracer.StartHop("netif_receive_skb", skb, _cpu.Cpu);
        _cpu.Spend(_stack.Costs.NetifReceiveSkb);
        _cpu.Softnet.IncProcessed();
        int protocolCpu = _cpu.Cpu;
        if (fromNapi && _stack.NapiById(skb.NapiId) is { } napi)
        {
            protocolCpu = napi.PipelineEnter(_cpu.Cpu);
            skb.PipelineNapi = napi;
        }

        skb.Cpu = protocolCpu;
        var handler = _stack.PacketTypes.Lookup(skb.Protocol, protocolCpu);
        if (handler is null)
        {
            skb.Dev?.IncRxDropped();
            _stack.KfreeSkb(skb, SkbDropReason.UnhandledProto, span);
            return;
        }

        _stack.Tracer.End(span);
        handler.Tell(skb);
    }

    /// <summary>
    /// enqueue_to_backlog(): tail of <paramref name="targetCpu"/>'s input_pkt_queue unless it holds more than
    /// netdev_max_backlog or the flow limit says no; the first packet schedules that CPU's backlog NAPI (an IPI if remote).
    /// </summary>
    private bool EnqueueToBacklog(SkBuff skb, int targetCpu, RpsDevFlow? flow)
    {
        var span = _stack.Tracer.StartHop("enqueue_to_backlog", skb, _cpu.Cpu);
        _cpu.Spend(_stack.Costs.EnqueueToBacklog);
        var target = _stack.Cpus[targetCpu];
        if (span is not null)
        {
            // The CPU switch of RPS: this span runs on the steering CPU, the next hop on rps_cpu.
            span.SetTag(SkbTags.RpsCpu, targetCpu);
            span.SetTag(SkbTags.BacklogQlen, target.Backlog.InputQueueLength);
        }

        var result = target.Backlog.Enqueue(skb, _cpu, flow);
        if (result == BacklogEnqueueResult.Dropped)
        {
            if (_stack.ShouldLog(LogEventLevel.Warning))
            {
                _stack.Log.Warning("enqueue_to_backlog: cpu {cpu} backlog full, skb {skb_id} dropped (backlog_qlen {backlog_qlen}, netdev_max_backlog {netdev_max_backlog}, rps_cpu {rps_cpu})",
                    _cpu.Cpu, skb.Id, target.Backlog.InputQueueLength, _stack.Options.NetdevMaxBacklog, targetCpu);
            }

            skb.Dev?.IncRxDropped();
            _stack.KfreeSkb(skb, SkbDropReason.CpuBacklog, span);
            return false;
        }

        _stack.Tracer.End(span);
        if (result == BacklogEnqueueResult.ScheduleNapi)
        {
            // napi_schedule_rps(): remote → IPI at the end of net_rx_action; local → ____napi_schedule now.
            if (target == _cpu)
            {
                _cpu.ListAdd(target.Backlog);
            }
            else
            {
                _cpu.RpsIpiList.Add(target);
                if (!_cpu.InNetRxAction)
                {
                    _cpu.RaiseSoftirq();
                }
            }
        }

        return true;
    }
}
