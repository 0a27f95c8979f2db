using ActorStack.Engine;
using ActorStack.Sockets.Tcp;

namespace ActorStack.Host.Validate;

/// <summary>
/// Samples the established TCP sockets' Recv-Q (what ss shows) every <c>interval</c> of model time, a fixed number of
/// times, as the kernel probe samples its server socket; then stops so the run can go quiet. Runs on no CPU: watching
/// costs the model nothing.
/// </summary>
public sealed class RecvQSampler : Actor<RecvQSampler.Tick>
{
    private readonly TcpHashTable _hash;
    private readonly long _interval;
    private readonly int _count;
    private readonly List<long> _samples;
    private ActorTimer<Tick>? _timer;

    private RecvQSampler(TcpHashTable hash, long interval, int count, List<long> samples)
    {
        _hash = hash;
        _interval = interval;
        _count = count;
        _samples = samples;
    }

    /// <summary>The one message: take a sample.</summary>
    public sealed class Tick
    {
        /// <summary>The instance.</summary>
        public static readonly Tick Instance = new();
    }

    /// <summary>Recipe: <paramref name="count"/> samples every <paramref name="interval"/> ns into <paramref name="samples"/>.</summary>
    public static Props<Tick> Props(TcpHashTable hash, long interval, int count, List<long> samples) =>
        new(() => new RecvQSampler(hash, interval, count, samples));

    /// <inheritdoc />
    protected override void Receive(Tick message)
    {
        // The first tick (from the host, at the start) only arms the timer: the first sample is one interval in.
        if (_timer is null)
        {
            _timer = Cpu.CreateTimer(Self, Tick.Instance);
        }
        else
        {
            _samples.Add(_hash.All.Where(s => s.State is TcpState.Established or TcpState.CloseWait).Sum(s => s.RecvQ));
        }

        if (_samples.Count < _count)
        {
            _timer.Arm(_interval);
        }
    }
}
