using ActorStack.Engine;
using ActorStack.Softirq.Skb;

namespace ActorStack.Protocols;

/// <summary>inet_protos: which per-CPU actor takes an IP protocol number (inet_add_protocol()).</summary>
public sealed class InetProtocols
{
    private readonly ActorRef<SkBuff>[]?[] _handlers = new ActorRef<SkBuff>[]?[256];

    /// <summary>Registers the per-CPU handlers of <paramref name="protocol"/>. Call before traffic starts.</summary>
    public void Add(byte protocol, IReadOnlyList<ActorRef<SkBuff>> perCpu)
    {
        ArgumentNullException.ThrowIfNull(perCpu);
        _handlers[protocol] = perCpu.ToArray();
    }

    /// <summary>The handler on <paramref name="cpu"/>, or null.</summary>
    public ActorRef<SkBuff>? Lookup(byte protocol, int cpu) => _handlers[protocol]?[cpu];
}
