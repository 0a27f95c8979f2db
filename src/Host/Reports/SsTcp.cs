using System.Globalization;
using System.Text;
using ActorStack.Sockets;
using ActorStack.Sockets.Tcp;

namespace ActorStack.Host.Reports;

/// <summary>ss -tan: State, Recv-Q, Send-Q, local and peer address of every TCP socket (listeners first).</summary>
public static class SsTcp
{
    /// <summary>The ss -tan text of <paramref name="hash"/>.</summary>
    public static string Format(TcpHashTable hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        var sb = new StringBuilder();
        sb.Append("State      Recv-Q Send-Q      Local Address:Port        Peer Address:Port Process\n");
        foreach (var info in hash.All.OrderBy(i => i.State == TcpState.Listen ? 0 : 1).ThenBy(i => i.Tuple.RemotePort))
        {
            var t = info.Tuple;
            string peer = info.State == TcpState.Listen ? "0.0.0.0:*" : t.Remote.ToString();
            sb.Append(CultureInfo.InvariantCulture, $"{info.State.SsName(),-10} {info.RecvQ,6} {info.SendQ,6} {t.Local,22} {peer,24}\n");
        }

        return sb.ToString();
    }
}
