using ActorStack.Engine;
using ActorStack.Softirq;
using ActorStack.Softirq.Skb;
using ActorStack.Softirq.Snmp;

namespace ActorStack.Sockets;

/// <summary>
/// A UDP socket's message accounting: as any skb message's (<see cref="SkbLifecycle{TMsg}"/>), except that a datagram
/// refused by the socket's full mailbox is counted where the kernel counts a datagram the socket cannot take:
/// RcvbufErrors and InErrors, the socket's drops, and SOCKET_RCVBUFF. (Only a live run whose socket thread is
/// saturated fills the mailbox: see <see cref="UdpSock.MailboxLimit"/>.)
/// </summary>
internal sealed class UdpSockLifecycle(NetStack stack, UdpSockInfo info) : IMessageLifecycle<IUdpSockMsg>
{
    private readonly SkbLifecycle<IUdpSockMsg> _skbs = stack.Lifecycle<IUdpSockMsg>();

    public void OnEnqueued(in IUdpSockMsg message, int target) => _skbs.OnEnqueued(message, target);

    public void OnMailboxOverflow(in IUdpSockMsg message, int actorId, string actorName)
    {
        if (message.Skb is not { IsLive: true } skb)
        {
            return;
        }

        stack.Snmp.Udp.Inc(UdpMibField.RcvbufErrors);
        stack.Snmp.Udp.Inc(UdpMibField.InErrors);
        info.CountDrop();
        stack.KfreeSkb(skb, SkbDropReason.SocketRcvbuff);
    }

    public void OnFaulted(in IUdpSockMsg message, int actorId, string actorName, Exception error) => _skbs.OnFaulted(message, actorId, actorName, error);

    public void OnDeadLetter(in IUdpSockMsg message, int actorId, string actorName) => _skbs.OnDeadLetter(message, actorId, actorName);
}
