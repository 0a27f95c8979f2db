namespace ActorStack.Sockets.Tcp;

/// <summary>TCP states as ss prints them (include/net/tcp_states.h), for the states the receive side reaches.</summary>
public enum TcpState
{
    Established = 1,
    SynRecv = 3,
    Close = 7,
    CloseWait = 8,
    Listen = 10,
}

/// <summary>ss's names for <see cref="TcpState"/>.</summary>
public static class TcpStates
{
    /// <summary>ESTAB, SYN-RECV, UNCONN, CLOSE-WAIT, LISTEN as ss -t prints them.</summary>
    public static string SsName(this TcpState state) => state switch
    {
        TcpState.Established => "ESTAB",
        TcpState.SynRecv => "SYN-RECV",
        TcpState.CloseWait => "CLOSE-WAIT",
        TcpState.Listen => "LISTEN",
        _ => "CLOSE",
    };
}
