using ActorStack.Engine;
using ActorStack.Softirq;
using ActorStack.Softirq.Snmp;

namespace ActorStack.Protocols.Icmp;

/// <summary>
/// icmp_send() as far as the receive path needs it: errors the host generates (port unreachable, time exceeded)
/// and echo replies, rate limited like the kernel for the types in icmp_ratemask (0x1818: destination
/// unreachable, source quench, time exceeded, parameter problem) — a global token bucket (icmp_msgs_per_sec 1000,
/// icmp_msgs_burst 50; OutRateLimitGlobal) and a per-destination one (icmp_ratelimit 1 s, burst 6; OutRateLimitHost,
/// skipped when the reply leaves through loopback, i.e. toward 127/8 or one of the host's own addresses) — and
/// counted in Icmp/IcmpMsg and Ip. Since 6.12 the global bucket refills only after HZ/50 jiffies and each message
/// sent takes a random 0, 1 or 2 credits (icmp_global_consume(): "not to leak how many ICMP per second we can
/// send"), drawn here from the run's seed.
/// </summary>
/// <remarks>
/// Kernel: net/ipv4/icmp.c icmpv4_global_allow(), icmpv4_xrlim_allow(), net/ipv4/inetpeer.c inet_peer_xrlim_allow().
/// The buckets are shared by every CPU's softirq, so they sit behind one lock, taken only when an ICMP is sent.
/// </remarks>
public sealed class IcmpSender
{
    private const long MsgsPerSec = 1000;
    private const long MsgsBurst = 50;
    private const long RatelimitNanos = 1_000_000_000;
    private const int XrlimBurstFactor = 6;
    private readonly NetStack _stack;
    private readonly Lock _lock = new();
    private readonly Dictionary<uint, (long Tokens, long Last)> _peers = new();
    private readonly LocalAddresses? _local;
    private readonly Random _credits;
    private long _globalCredit;
    private long _globalStamp = long.MinValue;
    private long _sent;

    /// <summary>Creates the sender of <paramref name="stack"/>'s host, whose own addresses are <paramref name="local"/>.</summary>
    public IcmpSender(NetStack stack, LocalAddresses? local = null)
    {
        ArgumentNullException.ThrowIfNull(stack);
        _stack = stack;
        _local = local;
        _credits = new Random(Seeds.Derive(stack.System.Options.Seed, 0, 0x69636d70));
    }

    /// <summary>ICMP messages that left the host.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>
    /// Sends ICMP <paramref name="type"/>/<paramref name="code"/> to <paramref name="destination"/> unless rate limited.
    /// An error about a packet that <paramref name="arrivedOnLoopback"/> is never limited: __icmp_send() skips the
    /// global bucket and leaves apply_ratelimit false, so the per-destination check passes too.
    /// </summary>
    public bool Send(byte type, byte code, uint destination, bool arrivedOnLoopback = false)
    {
        _ = code;
        var icmp = _stack.Snmp.Icmp;
        bool limited = type is 3 or 4 or 11 or 12 && !arrivedOnLoopback;
        if (limited)
        {
            long now = _stack.Clock.NowNanos;
            // 6.12 order: the global credit is checked, then the per-destination bucket, and the global credit is
            // consumed only by a message that is sent.
            lock (_lock)
            {
                if (!GlobalAllow(now))
                {
                    icmp.Inc(IcmpMibField.OutRateLimitGlobal);
                    return false;
                }

                bool loopback = destination >> 24 == 127 || _local?.IsLocal(destination) == true;
                if (!loopback && !PeerAllow(destination, now))
                {
                    icmp.Inc(IcmpMibField.OutRateLimitHost);
                    return false;
                }

                // icmp_global_consume(): 0..2 credits; the credit may go negative.
                _globalCredit -= _credits.Next(3);
            }
        }

        icmp.Inc(IcmpMibField.OutMsgs);
        switch (type)
        {
            case 0:
                icmp.Inc(IcmpMibField.OutEchoReps);
                break;
            case 3:
                icmp.Inc(IcmpMibField.OutDestUnreachs);
                break;
            case 11:
                icmp.Inc(IcmpMibField.OutTimeExcds);
                break;
        }

        Interlocked.Increment(ref _stack.Snmp.IcmpOutTypes[type]);
        _stack.Snmp.Ip.Inc(IpMibField.OutRequests);
        _stack.Snmp.Ip.Inc(IpMibField.OutTransmits);
        Interlocked.Increment(ref _sent);
        return true;
    }

    // icmp_global_allow(): a positive credit allows; otherwise, once HZ/50 jiffies have passed since the last refill
    // (at most a second counts), add icmp_msgs_per_sec × elapsed up to icmp_msgs_burst and allow.
    private bool GlobalAllow(long now)
    {
        if (_globalCredit > 0)
        {
            return true;
        }

        int hz = _stack.Options.Hz;
        long nowJiffies = now / _stack.Options.NanosPerJiffy;
        long delta = _globalStamp == long.MinValue ? hz : Math.Min(nowJiffies - _globalStamp, hz);
        if (delta < hz / 50)
        {
            return false;
        }

        long incr = MsgsPerSec * delta / hz;
        if (incr == 0)
        {
            return false;
        }

        _globalStamp = nowJiffies;
        _globalCredit = Math.Min(_globalCredit + incr, MsgsBurst);
        return true;
    }

    // inet_peer_xrlim_allow(): tokens are time, up to 6 × icmp_ratelimit; a message costs icmp_ratelimit. A new peer
    // starts full (its rate_last is 60 s ago).
    private bool PeerAllow(uint destination, long now)
    {
        var (tokens, last) = _peers.TryGetValue(destination, out var p) ? p : (0L, now - (60 * 1_000_000_000L));
        tokens = Math.Min(tokens + (now - last), XrlimBurstFactor * RatelimitNanos);
        bool allow = tokens >= RatelimitNanos;
        if (allow)
        {
            tokens -= RatelimitNanos;
        }

        _peers[destination] = (tokens, now);
        return allow;
    }
}
