using ActorStack.Softirq;
using ActorStack.Softirq.Snmp;

namespace ActorStack.Protocols.Icmp;

/// <summary>
/// icmp_send() as far as the receive path needs it: errors the host generates (port unreachable, time exceeded)
/// and echo replies, rate limited like the kernel for the types in icmp_ratemask (0x1818: destination
/// unreachable, source quench, time exceeded, parameter problem) — a global token bucket (icmp_msgs_per_sec 1000,
/// icmp_msgs_burst 50; OutRateLimitGlobal) and a per-destination one (icmp_ratelimit 1 s, burst 6; OutRateLimitHost,
/// skipped toward loopback) — and counted in Icmp/IcmpMsg and Ip.
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
    private long _globalCredit = MsgsBurst;
    private long _globalStamp;
    private long _sent;

    /// <summary>Creates the sender of <paramref name="stack"/>'s host.</summary>
    public IcmpSender(NetStack stack) => _stack = stack;

    /// <summary>ICMP messages that left the host.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Sends ICMP <paramref name="type"/>/<paramref name="code"/> to <paramref name="destination"/> unless rate limited.</summary>
    public bool Send(byte type, byte code, uint destination)
    {
        _ = code;
        var icmp = _stack.Snmp.Icmp;
        bool limited = type is 3 or 4 or 11 or 12;
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

                bool loopback = destination >> 24 == 127;
                if (!loopback && !PeerAllow(destination, now))
                {
                    icmp.Inc(IcmpMibField.OutRateLimitHost);
                    return false;
                }

                _globalCredit--;
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

    // Refill at icmp_msgs_per_sec up to icmp_msgs_burst; a message needs one credit.
    private bool GlobalAllow(long now)
    {
        long refill = (now - _globalStamp) * MsgsPerSec / 1_000_000_000;
        if (refill > 0)
        {
            _globalCredit = Math.Min(MsgsBurst, _globalCredit + refill);
            _globalStamp = now;
        }

        return _globalCredit > 0;
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
