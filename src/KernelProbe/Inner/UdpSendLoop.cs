using System.Net.Sockets;

namespace ActorStack.KernelProbe;

/// <summary>
/// The blocking sendto() loop every UDP step runs: as fast as the socket takes them, counting what was sent and, by
/// kind, what the kernel refused (a full backlog never shows here: udp_send_skb() hides ENOBUFS unless IP_RECVERR).
/// </summary>
internal static class UdpSendLoop
{
    /// <summary>Sends <paramref name="count"/> datagrams; returns how many went out, adding errors to <paramref name="errorsByKind"/> if given.</summary>
    public static (int Sent, int Errors) Send(Socket sender, byte[] datagram, System.Net.SocketAddress destination, int count, Dictionary<string, int>? errorsByKind = null)
    {
        int sent = 0;
        int errors = 0;
        for (int i = 0; i < count; i++)
        {
            try
            {
                sender.SendTo(datagram, SocketFlags.None, destination);
                sent++;
            }
            catch (SocketException e)
            {
                errors++;
                if (errorsByKind is not null)
                {
                    string kind = e.SocketErrorCode.ToString();
                    errorsByKind[kind] = errorsByKind.GetValueOrDefault(kind) + 1;
                }
            }
        }

        return (sent, errors);
    }
}
