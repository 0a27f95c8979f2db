using ActorStack.Engine;

namespace ActorStack.Sockets;

/// <summary>A UDP socket an event loop watches: the socket actor, its published state, and its per-socket read record.</summary>
public sealed record WatchedSocket(ActorRef<IUdpSockMsg> Socket, UdpSockInfo Info, ReaderThread Reader);
