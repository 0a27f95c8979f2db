using System.Globalization;
using System.Text;
using ActorStack.Softirq.Skb;

namespace ActorStack.Protocols.Netfilter;

/// <summary>
/// The receive path's iptables rules: the raw table's PREROUTING chain (NF_INET_PRE_ROUTING at NF_IP_PRI_RAW, before
/// routing) and the filter table's INPUT and FORWARD chains; first match wins, policy ACCEPT. Rules are written in
/// iptables' own syntax: "-A INPUT -p udp -s 10.0.1.0/24 --dport 5001 -j DROP", "-t raw -A PREROUTING -s 10.0.1.0/24
/// -j DROP". As in Linux, the filter table has no PREROUTING chain.
/// </summary>
public sealed class NfTable
{
    private readonly NfRule[][] _chains;
    private readonly long[] _policyPackets = new long[3];
    private readonly long[] _policyBytes = new long[3];

    /// <summary>Builds the table from rules in iptables syntax; a bad rule is an error naming it.</summary>
    public NfTable(IEnumerable<string> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var parsed = rules.Select(Parse).ToArray();
        _chains = Enum.GetValues<NfHook>().Select(h => parsed.Where(r => r.Chain == h).ToArray()).ToArray();
        Empty = parsed.Length == 0;
    }

    /// <summary>True when no rule is installed (the hooks cost nothing then).</summary>
    public bool Empty { get; }

    /// <summary>The rules of <paramref name="hook"/>'s chain, in order.</summary>
    public IReadOnlyList<NfRule> Chain(NfHook hook) => _chains[(int)hook];

    /// <summary>NF_HOOK: the verdict of <paramref name="hook"/>'s chain for <paramref name="skb"/> (true: accept).</summary>
    public bool Accept(NfHook hook, SkBuff skb)
    {
        ArgumentNullException.ThrowIfNull(skb);
        foreach (var rule in _chains[(int)hook])
        {
            if (rule.Match(skb))
            {
                return rule.Accept;
            }
        }

        Interlocked.Increment(ref _policyPackets[(int)hook]);
        Interlocked.Add(ref _policyBytes[(int)hook], skb.Length);
        return true;
    }

    /// <summary>True when the raw table has rules (its listing is worth printing).</summary>
    public bool HasRaw => _chains[(int)NfHook.PreRouting].Length > 0;

    /// <summary>`iptables -L -v -n -x`: the filter table's receive-path chains (INPUT, FORWARD) with their counters.</summary>
    public string Format() => Format(NfHook.LocalIn, NfHook.Forward);

    /// <summary>`iptables -t raw -L -v -n -x`: the raw table's PREROUTING chain with its counters.</summary>
    public string FormatRaw() => Format(NfHook.PreRouting);

    private string Format(params NfHook[] hooks)
    {
        var sb = new StringBuilder();
        foreach (var hook in hooks)
        {
            sb.Append(CultureInfo.InvariantCulture, $"Chain {Name(hook)} (policy ACCEPT {Interlocked.Read(ref _policyPackets[(int)hook])} packets, {Interlocked.Read(ref _policyBytes[(int)hook])} bytes)\n");
            sb.Append("    pkts      bytes target     prot opt in     out     source               destination\n");
            foreach (var rule in _chains[(int)hook])
            {
                sb.Append(rule.Format()).Append('\n');
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>The iptables chain name of a hook.</summary>
    public static string Name(NfHook hook) => hook switch
    {
        NfHook.PreRouting => "PREROUTING",
        NfHook.LocalIn => "INPUT",
        _ => "FORWARD",
    };

    /// <summary>
    /// Parses one rule: [-t raw|filter] -A CHAIN [-p udp|tcp|icmp|all] [-s ADDR[/LEN]] [-d ADDR[/LEN]] [--sport N]
    /// [--dport N] -j ACCEPT|DROP. PREROUTING is a raw-table chain, INPUT and FORWARD filter-table chains.
    /// </summary>
    public static NfRule Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string Bad(string why) => $"netfilter rule '{text}': {why}. Expected [-t filter] -A INPUT|FORWARD or -t raw -A PREROUTING, then [-p udp|tcp|icmp|all] [-s ADDR[/LEN]] [-d ADDR[/LEN]] [--sport N] [--dport N] -j ACCEPT|DROP";
        string table = "filter";
        NfHook? chain = null;
        bool? accept = null;
        byte? protocol = null;
        (uint, int)? source = null, destination = null;
        ushort? sport = null, dport = null;
        for (int i = 0; i < words.Length; i++)
        {
            string Next() => i + 1 < words.Length ? words[++i] : throw new ArgumentException(Bad($"{words[i]} needs a value"));
            switch (words[i])
            {
                case "-t":
                    table = Next() switch
                    {
                        "filter" => "filter",
                        "raw" => "raw",
                        var t => throw new ArgumentException(Bad($"table {t} is not modelled (filter and raw are)")),
                    };
                    break;
                case "-A":
                    chain = Next() switch
                    {
                        "PREROUTING" => NfHook.PreRouting,
                        "INPUT" => NfHook.LocalIn,
                        "FORWARD" => NfHook.Forward,
                        var c => throw new ArgumentException(Bad($"no chain {c} on the receive path")),
                    };
                    break;
                case "-p":
                    protocol = Next() switch
                    {
                        "udp" => 17,
                        "tcp" => 6,
                        "icmp" => 1,
                        "all" => null,
                        var p => throw new ArgumentException(Bad($"unknown protocol {p}")),
                    };
                    break;
                case "-s":
                    source = ParsePrefix(Next(), Bad);
                    break;
                case "-d":
                    destination = ParsePrefix(Next(), Bad);
                    break;
                case "--sport":
                    sport = ushort.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out ushort s) ? s : throw new ArgumentException(Bad("--sport must be a port 0..65535"));
                    break;
                case "--dport":
                    dport = ushort.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out ushort d) ? d : throw new ArgumentException(Bad("--dport must be a port 0..65535"));
                    break;
                case "-j":
                    accept = Next() switch
                    {
                        "ACCEPT" => true,
                        "DROP" => false,
                        var t => throw new ArgumentException(Bad($"target {t} is not modelled")),
                    };
                    break;
                default:
                    throw new ArgumentException(Bad($"unknown option {words[i]}"));
            }
        }

        if (chain is null || accept is null)
        {
            throw new ArgumentException(Bad("-A CHAIN and -j TARGET are required"));
        }

        // iptables: "No chain/target/match by that name" for a chain the table does not have.
        if ((chain == NfHook.PreRouting) != (table == "raw"))
        {
            throw new ArgumentException(Bad(table == "raw"
                ? $"the raw table has no {Name(chain.Value)} chain on the receive path (it has PREROUTING)"
                : "the filter table has no PREROUTING chain (it has INPUT, FORWARD and OUTPUT); drop before routing with -t raw -A PREROUTING"));
        }

        if ((sport is not null || dport is not null) && protocol is not (6 or 17))
        {
            // iptables refuses port matches without -p tcp/udp too.
            throw new ArgumentException(Bad("--sport/--dport need -p tcp or -p udp"));
        }

        return new NfRule
        {
            Chain = chain.Value,
            Accept = accept.Value,
            Protocol = protocol,
            Source = source,
            Destination = destination,
            SourcePort = sport,
            DestinationPort = dport,
            Text = text,
        };
    }

    private static (uint, int) ParsePrefix(string text, Func<string, string> bad)
    {
        var parts = text.Split('/');
        var octets = parts[0].Split('.');
        int length = 32;
        if (octets.Length != 4 || !octets.All(o => byte.TryParse(o, NumberStyles.None, CultureInfo.InvariantCulture, out _)) ||
            (parts.Length == 2 && !(int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out length) && length is >= 0 and <= 32)) ||
            parts.Length > 2)
        {
            throw new ArgumentException(bad($"{text} is not ADDR or ADDR/LEN"));
        }

        uint address = octets.Aggregate(0u, (a, o) => (a << 8) | byte.Parse(o, CultureInfo.InvariantCulture));
        return (address, length);
    }
}
