using ActorStack.KernelProbe;

namespace ActorStack.Host.Validate;

/// <summary>Runs the model's half of each experiment the kernel's report holds and pairs the figures into rows.</summary>
public static class ValidateRows
{
    /// <summary>Every row for <paramref name="kernel"/>'s experiments.</summary>
    public static List<ValidateRow> Of(ProbeReport kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var rows = new List<ValidateRow>();
        if (kernel.UdpFill is { } fill)
        {
            rows.AddRange(fill.SelectMany(UdpFill));
        }

        if (kernel.ClosedPort is { } closed)
        {
            rows.AddRange(ClosedPort(closed));
        }

        if (kernel.VethFlood is { } flood)
        {
            rows.AddRange(flood.Cases.SelectMany(VethFlood));
        }

        if (kernel.TcpSlowReader is { } tcp)
        {
            rows.AddRange(TcpSlowReader(tcp));
        }

        return rows;
    }

    private static IEnumerable<ValidateRow> UdpFill(UdpFillCase k)
    {
        var m = ModelExperiments.UdpFill(k.RcvbufRequested, k.Payload, k.Sent);
        string name = $"udp-fill lo rcvbuf {(k.RcvbufRequested?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unset")} payload {k.Payload}";
        yield return ValidateRow.Equal(name, "sk_rcvbuf", k.SkRcvbuf, m.SkRcvbuf);
        yield return ValidateRow.Equal(name, "datagrams queued", k.Queued, m.Queued);
        yield return ValidateRow.Equal(name, "truesize", k.Truesize, m.Truesize);
        yield return ValidateRow.Equal(name, "Udp RcvbufErrors", k.RcvbufErrors, m.RcvbufErrors);
        yield return ValidateRow.Equal(name, "Udp InErrors", k.InErrors, m.InErrors);
        yield return ValidateRow.Equal(name, "Udp InDatagrams before read", k.InDatagrams, m.InDatagrams);
        yield return ValidateRow.Equal(name, "Udp InDatagrams after reading them all", k.InDatagramsAfterRead, m.InDatagramsAfterRead);
    }

    private static IEnumerable<ValidateRow> ClosedPort(ClosedPortReport k)
    {
        foreach (var (burst, driver) in new[] { (k.Loopback, "loopback"), (k.Veth, "veth") })
        {
            var m = ModelExperiments.ClosedPort(driver, burst.Sent);
            string name = $"closed port {driver}, {burst.Sent} datagrams";
            yield return ValidateRow.Equal(name, "Udp NoPorts", burst.UdpNoPorts, m.NoPorts);
            yield return ValidateRow.Equal(name, "Icmp OutDestUnreachs", burst.IcmpOutDestUnreachs, m.OutDestUnreachs);
            yield return ValidateRow.Equal(name, "Icmp OutRateLimitHost", burst.IcmpOutRateLimitHost, m.OutRateLimitHost);
            yield return ValidateRow.Equal(name, "Icmp OutRateLimitGlobal", burst.IcmpOutRateLimitGlobal, m.OutRateLimitGlobal);
        }
    }

    private static IEnumerable<ValidateRow> VethFlood(VethFloodCase k)
    {
        ulong? rps = string.IsNullOrEmpty(k.RpsCpus) || k.RpsCpus.Trim('0', ',') == string.Empty ? null : Convert.ToUInt64(k.RpsCpus.Replace(",", string.Empty, StringComparison.Ordinal), 16);
        var m = ModelExperiments.VethFlood(k.Datagrams, k.NetdevMaxBacklog, rps);
        string name = $"veth flood {k.Name}";
        long kernelDropped = k.Softnet.Sum(s => s.Dropped);
        long modelDropped = m.Dropped.Sum();
        // How many datagrams the backlog refuses depends on how fast this machine's sender runs against its receiving
        // CPU: a rate, so a tolerance; whether any are refused, and where they are counted, must agree exactly.
        yield return ValidateRow.SameSign(name, "backlog drops (softnet dropped, all CPUs)", kernelDropped, modelDropped);
        yield return ValidateRow.Within(name, "share dropped at the backlog", (double)kernelDropped / k.Datagrams, (double)modelDropped / k.Datagrams, 0.5, 0.05);
        for (int cpu = 0; cpu < Math.Min(k.Softnet.Count, m.Processed.Length); cpu++)
        {
            var s = k.Softnet[cpu];
            yield return ValidateRow.Within(name, $"cpu{cpu} share of packets processed", (double)s.Processed / k.Datagrams, (double)m.Processed[cpu] / k.Datagrams, 0, 0.05);
            yield return ValidateRow.SameSign(name, $"cpu{cpu} dropped", s.Dropped, m.Dropped[cpu]);
            yield return ValidateRow.SameSign(name, $"cpu{cpu} received_rps", s.ReceivedRps, m.ReceivedRps[cpu]);
        }

        yield return ValidateRow.Equal(name, "holds (1): sender SndbufErrors = veth0 TX drops", k.SenderSndbufErrors == k.Veth0TxDropped ? 1 : 0, m.SenderSndbufErrors == m.Veth0TxDropped ? 1 : 0);
        yield return ValidateRow.Equal(name, "holds (1): veth1 rx_dropped = backlog drops", k.Veth1RxDropped == kernelDropped ? 1 : 0, m.Veth1RxDropped == modelDropped ? 1 : 0);
        yield return ValidateRow.Equal(name, "receiver Udp RcvbufErrors", k.ReceiverRcvbufErrors, m.RcvbufErrors);
        yield return ValidateRow.Equal(name, "holds (1): delivered + dropped = sent", k.Drained + kernelDropped == k.Datagrams ? 1 : 0, m.Queued + modelDropped == k.Datagrams ? 1 : 0);
    }

    private static IEnumerable<ValidateRow> TcpSlowReader(TcpSlowReaderReport k)
    {
        // The model's stream: as many full segments as the kernel's reader read in its run.
        long segments = Math.Max(20, k.BytesRead / 1448);
        var m = ModelExperiments.TcpSlowReader(segments, k.Samples.Count, Math.Max(1, k.SampleIntervalMs));
        const string Name = "tcp slow reader veth, SO_RCVBUF 4096, 512 B / 10 ms";
        foreach (var counter in new[] { "PruneCalled", "RcvPruned", "OfoPruned", "TCPRcvCollapsed", "TCPRcvQDrop", "TCPBacklogDrop", "TCPZeroWindowDrop", "TCPOFODrop" })
        {
            yield return ValidateRow.Equal(Name, counter, Get(k.TcpExt, counter), m.TcpExt[counter]);
        }

        // Per MB read: the kernel's run is cut at its duration, the model reads its stream to the end.
        double kMb = Math.Max(1, k.BytesRead) / 1e6;
        double mMb = Math.Max(1, m.BytesRead) / 1e6;
        foreach (var counter in new[] { "TCPRcvCoalesce", "TCPToZeroWindowAdv", "TCPFromZeroWindowAdv" })
        {
            yield return ValidateRow.Within(Name, counter + " per MB read", Get(k.TcpExt, counter) / kMb, m.TcpExt[counter] / mMb, 0.25, 20);
        }

        // Recv-Q over time: the reader drains 512 B per 10 ms while the window lets the sender refill it, so the
        // queue saws between empty and what the buffer holds; compare its mean and its peak (bytes).
        if (k.Samples.Count > 0 && m.RecvQSamples.Count > 0)
        {
            yield return ValidateRow.Within(Name, "Recv-Q mean over the samples (B)", k.RecvQMean, m.RecvQSamples.Average(), 0.5, 512);
            yield return ValidateRow.Within(Name, "Recv-Q max over the samples (B)", k.RecvQMax, m.RecvQSamples.Max(), 0.5, 1448);
        }
    }

    private static long Get(IReadOnlyDictionary<string, long> counters, string name) => counters.TryGetValue(name, out long v) ? v : 0;
}
