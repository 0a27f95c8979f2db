using ActorStack.Engine;
using ActorStack.Softirq.Skb;

namespace ActorStack.Softirq;

/// <summary>
/// ptype_base: which protocol actor takes an ethertype on each CPU. Protocols register themselves (dev_add_pack);
/// the core is not wired to them.
/// </summary>
public sealed class PacketTypeTable
{
    private readonly Dictionary<ushort, ActorRef<SkBuff>[]> _handlers = new();
    private readonly int _cpuCount;

    internal PacketTypeTable(int cpuCount) => _cpuCount = cpuCount;

    /// <summary>dev_add_pack(): registers the per-CPU handlers of <paramref name="ethertype"/>. Call before traffic starts.</summary>
    public void Add(ushort ethertype, IReadOnlyList<ActorRef<SkBuff>> perCpuHandlers)
    {
        ArgumentNullException.ThrowIfNull(perCpuHandlers);
        if (perCpuHandlers.Count != _cpuCount)
        {
            throw new ArgumentException($"Need one handler per CPU ({_cpuCount}), got {perCpuHandlers.Count}.", nameof(perCpuHandlers));
        }

        _handlers[ethertype] = perCpuHandlers.ToArray();
    }

    /// <summary>The handler for <paramref name="ethertype"/> on <paramref name="cpu"/>, or null.</summary>
    public ActorRef<SkBuff>? Lookup(ushort ethertype, int cpu) =>
        _handlers.TryGetValue(ethertype, out var handlers) ? handlers[cpu] : null;
}
