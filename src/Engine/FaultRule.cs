using System.Globalization;

namespace ActorStack.Engine;

/// <summary>
/// A fault to inject (<c>--fault STAGE:every=N|prob=P|at=T</c>): every model actor whose name starts with
/// <see cref="Stage"/> throws while handling a message, every Nth message, with probability P per message (drawn from
/// the run's seed), or once at the first message at or after model time T. Supervision then does what it does for a
/// real failure: the skb the message carried is freed with a drop reason, the actor restarts (or stops), the run goes on.
/// </summary>
public sealed record FaultRule(string Stage, long Every, double Probability, long AtNanos)
{
    /// <summary>Parses <c>STAGE:every=N</c>, <c>STAGE:prob=P</c> or <c>STAGE:at=T</c> (T with ns, us, ms or s).</summary>
    public static FaultRule Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        int colon = spec.LastIndexOf(':');
        if (colon <= 0 || colon == spec.Length - 1)
        {
            throw new ArgumentException($"--fault {spec}: expected STAGE:every=N, STAGE:prob=P or STAGE:at=T (e.g. ip_rcv:every=100).");
        }

        string stage = spec[..colon];
        string trigger = spec[(colon + 1)..];
        string[] kv = trigger.Split('=', 2);
        if (kv.Length != 2)
        {
            throw new ArgumentException($"--fault {spec}: expected every=N, prob=P or at=T after the stage.");
        }

        return kv[0] switch
        {
            "every" when long.TryParse(kv[1], NumberStyles.None, CultureInfo.InvariantCulture, out long n) && n >= 1 => new FaultRule(stage, n, 0, -1),
            "prob" when double.TryParse(kv[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double p) && p is > 0 and <= 1 => new FaultRule(stage, 0, p, -1),
            "at" when TryParseTime(kv[1], out long at) => new FaultRule(stage, 0, 0, at),
            "every" => throw new ArgumentException($"--fault {spec}: every= takes a whole number >= 1."),
            "prob" => throw new ArgumentException($"--fault {spec}: prob= takes a probability in (0, 1]."),
            "at" => throw new ArgumentException($"--fault {spec}: at= takes a model time with a unit: 500us, 2ms, 1s, 1000ns."),
            _ => throw new ArgumentException($"--fault {spec}: unknown trigger '{kv[0]}': every, prob or at."),
        };
    }

    /// <summary>True if the rule applies to the actor named <paramref name="actorName"/>.</summary>
    public bool Matches(string actorName) => actorName.StartsWith(Stage, StringComparison.Ordinal);

    /// <inheritdoc />
    public override string ToString() =>
        Every > 0 ? $"{Stage}:every={Every}" : Probability > 0 ? $"{Stage}:prob={Probability.ToString(CultureInfo.InvariantCulture)}" : $"{Stage}:at={AtNanos}ns";

    private static bool TryParseTime(string text, out long nanos)
    {
        (string unit, long scale) = text.EndsWith("ns", StringComparison.Ordinal) ? ("ns", 1L)
            : text.EndsWith("us", StringComparison.Ordinal) ? ("us", 1_000L)
            : text.EndsWith("ms", StringComparison.Ordinal) ? ("ms", 1_000_000L)
            : text.EndsWith('s') ? ("s", 1_000_000_000L)
            : (string.Empty, 0L);
        nanos = -1;
        if (scale == 0 || !double.TryParse(text[..^unit.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || value < 0)
        {
            return false;
        }

        nanos = (long)(value * scale);
        return true;
    }
}

/// <summary>The fault rules one actor is subject to, and where it stands with them. Touched by the actor only.</summary>
internal sealed class FaultState(FaultRule[] rules, int seed, int actorId)
{
    private readonly Random _random = new(Seeds.Derive(seed, actorId, 0x6661756c));
    private readonly bool[] _fired = new bool[rules.Length];
    private long _messages;

    /// <summary>The rules, as given on the command line.</summary>
    public string Description { get; } = string.Join(", ", rules.Select(r => r.ToString()));

    /// <summary>Counts a message; true if this one is to fail.</summary>
    public bool ShouldFail(long nowNanos)
    {
        _messages++;
        bool fail = false;
        for (int i = 0; i < rules.Length; i++)
        {
            var rule = rules[i];
            if (rule.Every > 0 && _messages % rule.Every == 0)
            {
                fail = true;
            }
            else if (rule.Probability > 0 && _random.NextDouble() < rule.Probability)
            {
                fail = true;
            }
            else if (rule.AtNanos >= 0 && !_fired[i] && nowNanos >= rule.AtNanos)
            {
                _fired[i] = true;
                fail = true;
            }
        }

        return fail;
    }
}

/// <summary>The exception an injected fault throws.</summary>
public sealed class InjectedFaultException(string actorName, string rule) : Exception($"injected fault ({rule}) in {actorName}");
