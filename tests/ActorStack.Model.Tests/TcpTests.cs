using ActorStack.TestKit;
using ActorStack.Host;
using ActorStack.Protocols.Wire;
using ActorStack.Sockets;
using ActorStack.Sockets.Tcp;
using ActorStack.Softirq;
using ActorStack.Softirq.Skb;
using ActorStack.Softirq.Snmp;

namespace ActorStack.Model.Tests;

public sealed class TcpTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void TcpStream_UnderLossAndReordering_ArrivesIntactAndInOrder(int seed)
    {
        var result = ScenarioRunner.Run("default",
            "traffic.protocol=tcp", "traffic.flows=2", "traffic.packets=3000", "traffic.payload=1460", "traffic.rate=400000",
            "wire.loss=3", "wire.reorder=3", "wire.reorder_delay_us=80", $"seed={seed}");

        var tcp = result.Tcp!;
        Assert.True(result.Quiet);
        Assert.True(result.Conservation.Holds, result.Conservation.ToString());
        Assert.True(tcp.LostOnWire > 0 && tcp.Reordered > 0, "the wire lost or reordered nothing");
        Assert.True(tcp.Retransmits > 0);
        Assert.Equal(2 * 1500 * 1460L, tcp.BytesRead);
        Assert.Equal(0, tcp.CorruptBytes);
        Assert.Equal(0, tcp.OutOfOrderReads);
        Assert.Equal(2, tcp.EndOfStreams);
        Assert.Equal(2, tcp.ConnectionsCompleted);
        // Every data segment that reached the application arrived as one delivered packet; the rest were dropped
        // (duplicates, merged OFO copies) or were control segments.
        Assert.Equal(result.Conservation.Injected, result.Conservation.Delivered + result.Conservation.Consumed + result.Conservation.Dropped);
    }

    [Fact]
    public void LiveMode_TcpStreamUnderLoss_ArrivesIntact_WithRealLockContention()
    {
        var result = ScenarioRunner.Run("tcp-loss", "mode=live", "traffic.packets=2000");
        Assert.True(result.Quiet);
        Assert.True(result.Conservation.Holds, result.Conservation.ToString());
        Assert.Equal(4 * 500 * 1460L, result.Tcp!.BytesRead);
        Assert.Equal(0, result.Tcp.CorruptBytes);
        Assert.Equal(0, result.Tcp.OutOfOrderReads);
        Assert.Equal(0, result.Tcp.RstsReceived);
    }

    [Fact]
    public void TcpStream_SameSeed_GivesIdenticalCounters()
    {
        string[] settings = ["traffic.protocol=tcp", "traffic.flows=3", "traffic.packets=1500", "wire.loss=2", "wire.reorder=2", "traffic.payload=1000"];
        var a = ScenarioRunner.Run("default", settings);
        var b = ScenarioRunner.Run("default", settings);
        Assert.Equal(a.Snmp, b.Snmp);
        Assert.Equal(a.Netstat, b.Netstat);
        Assert.Equal(a.Tcp, b.Tcp);
    }

    [Fact]
    public void SynToClosedPort_IsAnsweredWithRst_AndDroppedAsNoSocket()
    {
        using var host = new SimulatedHost(ScenarioRunner.Options("default", "traffic.packets=0"));
        var spec = host.SpecTo(6000, 41000);
        Inject(host, spec, seq: 5000, ack: 0, TcpFlags.Syn, payload: 0);
        Inject(host, spec, seq: 7000, ack: 9000, TcpFlags.Ack, payload: 10);
        Inject(host, spec, seq: 7000, ack: 0, TcpFlags.Rst, payload: 0);
        host.System.RunUntilQuiet();

        var tcp = host.Stack.Snmp.Tcp;
        Assert.Equal(3, tcp[TcpMibField.InSegs]);
        Assert.Equal(2, tcp[TcpMibField.OutRsts]);
        Assert.Equal(2, tcp[TcpMibField.OutSegs]);
        Assert.Equal(3, host.Stack.Ledger.Dropped(SkbDropReason.NoSocket));
        var rsts = host.TcpWire.Unrouted.ToArray();
        // No ACK on the SYN: RST|ACK acknowledging seq + 1. An ACK: RST with seq = its ack. A RST: no answer.
        Assert.Equal(new TcpOutSegment(rsts[0].Tuple, 0, 5001, TcpFlags.Rst | TcpFlags.Ack, 0), rsts[0]);
        Assert.Equal(new TcpOutSegment(rsts[1].Tuple, 9000, 0, TcpFlags.Rst, 0), rsts[1]);
        Assert.Equal(2, rsts.Length);
        Assert.True(host.Stack.Ledger.Conservation(host.StillQueued).Holds);
    }

    [Fact]
    public void AcceptQueueFull_CountsListenOverflowsAndDrops_AndKeepsBacklogPlusOneConnections()
    {
        var result = ScenarioRunner.Run("default",
            "traffic.protocol=tcp", "traffic.flows=6", "traffic.packets=60", "app.read=off", "app.listen_backlog=2");

        var ext = SnmpText.Counters(result.Netstat, "TcpExt");
        Assert.Equal(3, SnmpText.Counters(result.Snmp, "Tcp")["PassiveOpens"]);
        Assert.True(ext["ListenOverflows"] > 0);
        Assert.Equal(ext["ListenOverflows"], ext["ListenDrops"]);
        Assert.Equal(ext["ListenDrops"], result.Drops.Single(d => d.Reason == SkbDropReason.TcpListenOverflow).Count);
        Assert.Contains("LISTEN          3      2", result.SsTcp, StringComparison.Ordinal);
        Assert.True(result.Conservation.Holds, result.Conservation.ToString());
    }

    [Fact]
    public void OwnedSocket_BacklogBeyondLimit_DropsWithSocketBacklog_AndReleaseProcessesTheRest()
    {
        using var host = new SimulatedHost(ScenarioRunner.Options("default", "traffic.protocol=tcp", "traffic.packets=0", "app.read=off", "socket.rcvbuf=10000", "ethtool.gro=off"));
        var spec = host.SpecTo(5000, 41000);
        var socket = Handshake(host, spec, peerIsn: 1000, out uint iss);
        // One segment while nobody owns the socket: its truesize is what each later one charges.
        Inject(host, spec, 1001, iss + 1, TcpFlags.Ack, payload: 100);
        host.System.RunUntilQuiet();
        long truesize = socket.Info.RmemAlloc;
        Assert.True(truesize > 100);

        // The application owns the socket (it is in recvmsg) and does not release it.
        var app = TypedProbe<ITcpReaderMsg>.Create(host.System, "reader");
        // The hash table hands segments to the socket; the socket actor itself takes the owner's calls.
        var sock = (ActorStack.Engine.ActorRef<ITcpSockMsg>)socket.Actor;
        sock.Tell(new TcpRecv(app.Ref, 65536));
        host.System.RunUntilQuiet();
        var data = ((TcpData)app.ExpectMsg(m => m is TcpData)).Batch;
        Assert.Equal(100, data.Bytes);
        host.Stack.Ledger.CountDelivered();
        NetStack.ConsumeSkb(data.Skb(0));
        Assert.True(socket.Info.OwnedByUser);

        const int burst = 80;
        for (int i = 0; i < burst; i++)
        {
            Inject(host, spec, (uint)(1101 + (i * 100)), iss + 1, TcpFlags.Ack, payload: 100);
        }

        host.System.RunUntilQuiet();
        // tcp_add_backlog(): limit 2·rcvbuf + sndbuf/2 + 64 KiB; an skb is refused once backlog.len exceeds it.
        long limit = (2 * 20000) + (16384 / 2) + 65536;
        long accepted = (limit / truesize) + 1;
        Assert.Equal(burst - accepted, host.Stack.Snmp.TcpExt[TcpExtMibField.TCPBacklogDrop]);
        Assert.Equal(burst - accepted, host.Stack.Ledger.Dropped(SkbDropReason.SocketBacklog));
        Assert.Equal(accepted * truesize, socket.Info.BacklogLen);

        // release_sock(): the owner gets the backlog to process, then the socket is free.
        sock.Tell(new TcpRelease(app.Ref));
        host.System.RunUntilQuiet();
        Assert.Equal((int)accepted, ((TcpBacklog)app.ExpectMsg(m => m is TcpBacklog)).Count);
        sock.Tell(new TcpRelease(app.Ref));
        host.System.RunUntilQuiet();
        app.ExpectMsg(m => m is TcpReleased);
        Assert.False(socket.Info.OwnedByUser);
        Assert.Equal(0, socket.Info.BacklogLen);
        Assert.True(host.Stack.Ledger.Conservation(host.StillQueued).Holds, host.Stack.Ledger.Conservation(host.StillQueued).ToString());
    }

    [Fact]
    public void SlowReaderHoldingTheLock_SmallSegments_ProducesTcpBacklogDrop()
    {
        var result = ScenarioRunner.Run("default",
            "traffic.protocol=tcp", "traffic.flows=1", "traffic.packets=20000", "traffic.payload=128", "traffic.rate=2000000",
            "app.lock_hold_us=2000", "socket.rcvbuf=65536");

        var ext = SnmpText.Counters(result.Netstat, "TcpExt");
        Assert.True(ext["TCPBacklogDrop"] > 0, result.Netstat);
        Assert.Equal(ext["TCPBacklogDrop"], result.Drops.Single(d => d.Reason == SkbDropReason.SocketBacklog).Count);
        Assert.Equal(0, result.Tcp!.CorruptBytes);
        Assert.Equal(20000 * 128L, result.Tcp.BytesRead);
        Assert.True(result.Conservation.Holds, result.Conservation.ToString());
    }

    [Fact]
    public void SlowReaderSmallRcvbuf_IsHeldBackByTheWindow_NothingPrunedOrDropped()
    {
        // Full-size segments into a 20 000-byte buffer read every 3 ms. A locked small SO_RCVBUF gets window scale 0
        // and a window the buffer can hold (tcp_select_initial_window, __tcp_select_window): the sender waits for
        // window updates; Linux 6.18 neither prunes nor drops here (validate's TCP slow reader measures the same).
        var result = ScenarioRunner.Run("default",
            "traffic.protocol=tcp", "traffic.flows=1", "traffic.packets=5000", "traffic.rate=1000000", "traffic.payload=1460",
            "socket.rcvbuf=20000", "app.think_us=3000");

        var ext = SnmpText.Counters(result.Netstat, "TcpExt");
        Assert.Equal(0, ext["PruneCalled"]);
        Assert.Equal(0, ext["TCPRcvQDrop"]);
        Assert.Equal(0, result.Drops.SingleOrDefault(d => d.Reason == SkbDropReason.ProtoMem).Count);
        Assert.True(ext["TCPRcvCoalesce"] > 0, result.Netstat);
        Assert.Equal(5000 * 1460L, result.Tcp!.BytesRead);
        Assert.Equal(0, result.Tcp.CorruptBytes);
    }

    [Fact]
    public void LossySmallSegments_SmallRcvbuf_PruneTheOfoQueue_AndTheStreamRecovers()
    {
        // 100-byte segments cost 2304 bytes of truesize each: with losses the out-of-order queue outgrows the buffer,
        // tcp_prune_queue() runs and tcp_prune_ofo_queue() drops from its tail (OfoPruned, TCP_OFO_QUEUE_PRUNE); the
        // sender retransmits what was pruned.
        var result = ScenarioRunner.Run("default",
            "traffic.protocol=tcp", "traffic.flows=1", "traffic.packets=5000", "traffic.rate=1000000", "traffic.payload=100",
            "socket.rcvbuf=20000", "app.think_us=3000", "wire.loss=3");

        var ext = SnmpText.Counters(result.Netstat, "TcpExt");
        Assert.True(ext["PruneCalled"] > 0, result.Netstat);
        Assert.True(ext["OfoPruned"] > 0, result.Netstat);
        Assert.True(result.Drops.Single(d => d.Reason == SkbDropReason.TcpOfoQueuePrune).Count >= ext["OfoPruned"]);
        Assert.Equal(5000 * 100L, result.Tcp!.BytesRead);
        Assert.Equal(0, result.Tcp.CorruptBytes);
    }

    private static TcpSocketRef Handshake(SimulatedHost host, UdpFrameSpec spec, uint peerIsn, out uint iss)
    {
        Inject(host, spec, peerIsn, 0, TcpFlags.Syn, payload: 0, synOptions: true);
        // Not until quiet: the request's SYN-ACK timer would run out first.
        host.System.RunUntil(() => host.TcpWire.Unrouted.Count > 0);
        var synAck = host.TcpWire.Unrouted.Last();
        Assert.Equal(TcpFlags.Syn | TcpFlags.Ack, synAck.Flags);
        Assert.Equal(peerIsn + 1, synAck.Ack);
        iss = synAck.Seq;
        Inject(host, spec, peerIsn + 1, iss + 1, TcpFlags.Ack, payload: 0);
        var tuple = new FourTuple(spec.DestinationAddress, spec.DestinationPort, spec.SourceAddress, spec.SourcePort);
        host.System.RunUntil(() => host.TcpHash.LookupEstablished(tuple) is { IsRequest: false });
        host.System.RunUntilQuiet();
        return host.TcpHash.LookupEstablished(tuple) ?? throw new InvalidOperationException("no child socket");
    }

    private static void Inject(SimulatedHost host, UdpFrameSpec spec, uint seq, uint ack, TcpFlags flags, int payload, bool synOptions = false)
    {
        var frame = new byte[1514];
        ReadOnlySpan<byte> options = synOptions ? [2, 4, 0x05, 0xb4, 1, 3, 3, 7] : [];
        var data = new byte[payload];
        TcpStreamPattern.Fill(0, seq, data);
        int length = FrameBuilder.WriteTcp(frame, spec, seq, ack, (byte)flags, 65535, options, data, 1);
        host.InjectFrame(frame.AsSpan(0, length));
    }
}
