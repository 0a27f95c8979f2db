using ActorStack.Engine;

namespace ActorStack.Sockets.Tcp;

/// <summary>An accepted connection: its socket actor and readable state.</summary>
public sealed record TcpConnection(ActorRef<ITcpSockMsg> Socket, TcpSockInfo Info);
