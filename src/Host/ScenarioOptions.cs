using ActorStack.Actors;

namespace ActorStack.Host;

/// <summary>One run's settings: topology, the knobs of a first experiment, traffic and mode.</summary>
public sealed record ScenarioOptions
{
    /// <summary>Live (real threads) or deterministic (virtual clock, seeded interleaving).</summary>
    public ExecutionMode Mode { get; init; } = ExecutionMode.Live;

    /// <summary>Interleaving seed (deterministic mode).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Simulated CPUs.</summary>
    public int Cpus { get; init; } = 2;

    /// <summary>Datagrams to send.</summary>
    public int Packets { get; init; } = 10_000;

    /// <summary>UDP flows (distinct source ports), spread round-robin over the sockets.</summary>
    public int Flows { get; init; } = 4;

    /// <summary>Bound UDP sockets (ports 5000, 5001, ...), each read by one application thread.</summary>
    public int Sockets { get; init; } = 2;

    /// <summary>UDP payload bytes (12..1472; the first 12 carry flow id and sequence).</summary>
    public int PayloadSize { get; init; } = 64;

    /// <summary>Offered rate in datagrams per second of model time.</summary>
    public long RatePps { get; init; } = 100_000;

    /// <summary>Frames sent back to back at each departure instant (a packet train); the average rate stays <see cref="RatePps"/>.</summary>
    public int Burst { get; init; } = 1;

    /// <summary>setsockopt(SO_RCVBUF) on every socket, or null to keep net.core.rmem_default.</summary>
    public int? SoRcvbuf { get; init; }

    /// <summary>net.core.rmem_default.</summary>
    public int RmemDefault { get; init; } = 212992;

    /// <summary>net.core.rmem_max.</summary>
    public int RmemMax { get; init; } = 4194304;

    /// <summary>Whether the application threads call recvfrom() at all.</summary>
    public bool AppReads { get; init; } = true;

    /// <summary>ethtool -G rx.</summary>
    public int RxRing { get; init; } = 512;

    /// <summary>Host address the flows are sent to.</summary>
    public string HostAddress { get; init; } = "10.0.0.1";

    /// <summary>Validates against what the model and the kernel accept; throws <see cref="ArgumentException"/> naming the option.</summary>
    public void Validate()
    {
        Require(Cpus is >= 1 and <= 64, "--cpus", Cpus, "1..64");
        Require(Packets is >= 0, "--packets", Packets, ">= 0");
        Require(Flows is >= 1 and <= 65535, "--flows", Flows, "1..65535");
        Require(Sockets is >= 1 and <= 1000, "--sockets", Sockets, "1..1000");
        Require(Flows >= Sockets, "--flows", Flows, $">= --sockets ({Sockets}) so every socket gets a flow");
        Require(PayloadSize is >= global::ActorStack.Sockets.FlowPayload.HeaderLength and <= 1472, "--payload", PayloadSize, "12..1472 (MTU 1500; 12 bytes carry flow and sequence)");
        Require(RatePps is >= 1 and <= 100_000_000, "--rate", RatePps, "1..100000000 datagrams/s");
        Require(Burst is >= 1 and <= 65536, "--burst", Burst, "1..65536");
        Require(SoRcvbuf is null or >= 0, "--rcvbuf", SoRcvbuf ?? 0, ">= 0");
        Require(RmemDefault >= 2304, "--rmem-default", RmemDefault, ">= 2304 (SOCK_MIN_RCVBUF)");
        Require(RmemMax >= 2304, "--rmem-max", RmemMax, ">= 2304 (SOCK_MIN_RCVBUF)");
        Require(RxRing is >= 64 and <= 8192 && RxRing % 8 == 0, "--ring", RxRing, "64..8192, a multiple of 8 (ethtool -G rx)");
        _ = global::ActorStack.Sockets.Endpoint.ParseAddress(HostAddress);
    }

    private static void Require(bool ok, string option, long value, string allowed)
    {
        if (!ok)
        {
            throw new ArgumentException($"{option} {value}: must be {allowed}.");
        }
    }
}
