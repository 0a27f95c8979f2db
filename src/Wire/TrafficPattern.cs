namespace ActorStack.Wire;

/// <summary>How the peers space their datagrams in time.</summary>
public enum TrafficPattern
{
    /// <summary>Trains of traffic.burst frames at exactly the offered rate (burst 1: evenly spaced datagrams).</summary>
    Constant,

    /// <summary>Trains whose departures are a Poisson process at the offered rate (exponential gaps, from the seed).</summary>
    Poisson,

    /// <summary>
    /// Incast: every sender (flow) answers at the same instant, traffic.burst datagrams each, back to back on the
    /// wire; rounds repeat at the offered average rate.
    /// </summary>
    Incast,
}

/// <summary>What the peers send: UDP datagrams or TCP streams.</summary>
public enum TrafficProtocol
{
    Udp,
    Tcp,
}
