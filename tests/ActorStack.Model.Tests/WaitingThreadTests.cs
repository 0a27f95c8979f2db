using ActorStack.Host;
using ActorStack.Host.Reports;
using ActorStack.Softirq.Skb;

namespace ActorStack.Model.Tests;

/// <summary>select/poll vs epoll event loops and the thundering herd, run through the whole model.</summary>
public sealed class WaitingThreadTests
{
    [Fact]
    public void SelectVsEpoll_WaitCostPerWakeup_GrowsWithWatchedSocketsForSelectOnly()
    {
        var select16 = Wait(ScenarioRunner.Run("select-many", "sockets=16", "traffic.packets=2000"));
        var select256 = Wait(ScenarioRunner.Run("select-many", "sockets=256", "traffic.packets=2000"));
        var epoll16 = Wait(ScenarioRunner.Run("epoll-many", "sockets=16", "traffic.packets=2000"));
        var epoll256 = Wait(ScenarioRunner.Run("epoll-many", "sockets=256", "traffic.packets=2000"));

        // select rescans every descriptor on every wakeup: at least N polled per wakeup.
        Assert.True(select256.FdsPolled >= 256 * select256.Wakeups, $"{select256}");
        Assert.True(select256.NanosPerWakeup > 10 * select16.NanosPerWakeup, $"select 16: {select16.NanosPerWakeup} ns, 256: {select256.NanosPerWakeup} ns per wakeup");
        // epoll polls only what ep_poll_callback listed: the same work whatever the number watched.
        Assert.Equal(epoll16.Events, epoll256.Events);
        Assert.InRange(epoll256.ItemsPolled, epoll16.ItemsPolled * 0.9, epoll16.ItemsPolled * 1.1);
        Assert.InRange(epoll256.NanosPerWakeup, epoll16.NanosPerWakeup * 0.9, epoll16.NanosPerWakeup * 1.1);
        Assert.True(select256.NanosPerWakeup > 50 * epoll256.NanosPerWakeup);
    }

    [Fact]
    public void Select_IdleBetweenDatagrams_EachWakeupRescansOnce_AndEveryDatagramIsRead()
    {
        var result = ScenarioRunner.Run("select-many", "sockets=64", "traffic.packets=1000", "traffic.rate=2000");
        var wait = Wait(result);

        Assert.Equal(1000, result.Conservation.Delivered);
        // Every call scans once; every wakeup, and every wakeup that came during a scan, adds one rescan (no
        // spurious ones: each was for a datagram).
        Assert.Equal(wait.Calls + wait.Wakeups + wait.Retriggers, wait.Scans);
        Assert.Equal(wait.Scans * 64, wait.FdsPolled);
        Assert.Equal(0, wait.SpuriousWakeups);
        Assert.Equal(1000, wait.Events);
        Assert.InRange(wait.Wakeups, 990, 1000);
        // Drained until EAGAIN: one datagram and one EAGAIN per ready socket.
        Assert.Equal(1000, wait.Eagain);
        Assert.Equal(0, result.OutOfOrder);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("EPOLLET")]
    [InlineData("EPOLLONESHOT")]
    public void EpollEventLoop_AnyTriggerMode_ReadsEveryDatagramInOrder(string flags)
    {
        var result = ScenarioRunner.Run("epoll-many", "traffic.packets=3000", "traffic.rate=200000", "traffic.burst=4", $"app.epoll_flags={flags}");
        var wait = Wait(result);

        Assert.Equal(3000, result.Conservation.Delivered);
        Assert.Equal(0, result.OutOfOrder);
        if (flags == "none")
        {
            // Level triggered: a reported item goes back on the ready list and is polled once more, found drained.
            Assert.True(wait.ItemsPolled > wait.Events, $"{wait}");
        }
        else
        {
            // Not put back after a report; polled again only when a datagram's callback re-listed it during the drain.
            Assert.True((wait.ItemsPolled - wait.Events) * 20 < wait.Events, $"{wait}");
        }
    }

    [Fact]
    public void Recvmmsg_WhenSystemCallsAreExpensive_ReadsSeveralPerCall_AndOverrunsTheSocketLess()
    {
        // One busy socket among the 512, bursts of 16, and a 3 µs system call: the reader is slower than softirq.
        string[] load = ["traffic.flows=1", "traffic.packets=4000", "traffic.rate=400000", "traffic.burst=16", "cost.syscall=3000"];
        var single = ScenarioRunner.Run("epoll-many", load);
        var batched = ScenarioRunner.Run("epoll-many", [.. load, "app.vlen=16"]);

        Assert.True(Wait(single).ReadCalls >= single.Conservation.Delivered);
        Assert.True(Wait(batched).ReadCalls * 2 < batched.Conservation.Delivered, $"recvmmsg: {Wait(batched).ReadCalls} calls for {batched.Conservation.Delivered} datagrams");
        Assert.True(batched.Conservation.Delivered > single.Conservation.Delivered);
        Assert.True(single.Drops.Single(d => d.Reason == SkbDropReason.SocketRcvbuff).Count > batched.Drops.Single(d => d.Reason == SkbDropReason.SocketRcvbuff).Count);
        Assert.Equal(0, batched.OutOfOrder);
    }

    [Fact]
    public void BlockingRecvmmsg_WaitsForOne_ThenTakesWhatIsQueued()
    {
        // With a 3 µs system call the reader is slower than softirq: bursts queue up behind the first datagram.
        string[] load = ["traffic.packets=4000", "traffic.burst=8", "sockets=1", "traffic.flows=1", "cost.syscall=3000"];
        long single = RecvCalls(load);
        using var host = new SimulatedHost(ScenarioRunner.Options("default", [.. load, "app.vlen=8"]));
        var result = host.Run();
        Assert.Equal(4000, result.Conservation.Delivered);
        Assert.Equal(0, result.OutOfOrder);
        var udp = SnmpText.Counters(result.Snmp, "Udp");
        Assert.Equal(4000, udp["InDatagrams"]);
        // One call takes what queued behind the first datagram: far fewer calls than one per datagram.
        long batched = host.Sockets[0].Reader.RecvCalls;
        Assert.True(batched * 2 < single, $"{batched} recvmmsg calls, {single} recvfrom calls for 4000 datagrams");
    }

    private static long RecvCalls(string[] settings)
    {
        using var host = new SimulatedHost(ScenarioRunner.Options("default", settings));
        host.Run();
        return host.Sockets[0].Reader.RecvCalls;
    }

    [Fact]
    public void Herd_WithoutEpollExclusive_EveryIdleThreadWakesPerConnection_AllButOneFindNothing()
    {
        var result = ScenarioRunner.Run("herd");
        var wait = Wait(result);

        Assert.Equal(200, result.Tcp!.Accepted);
        Assert.Equal(8 * 200, wait.Wakeups);
        Assert.Equal(7 * 200, wait.SpuriousWakeups);
        Assert.True(wait.Eagain > 0, "no thread's accept() lost the race");
        Assert.Equal(0, result.Tcp.CorruptBytes);
    }

    [Fact]
    public void Herd_WithEpollExclusive_OneThreadWakesPerConnection()
    {
        var result = ScenarioRunner.Run("herd-exclusive");
        var wait = Wait(result);

        Assert.Equal(200, result.Tcp!.Accepted);
        Assert.Equal(200, wait.Wakeups);
        Assert.Equal(0, wait.SpuriousWakeups);
        Assert.Equal(0, wait.Eagain);
    }

    [Fact]
    public void SoRcvlowat_TcpReaderIsWokenOnlyWithLowatBytes_AndEveryReadBeforeTheEndHasThem()
    {
        string[] stream = ["traffic.protocol=tcp", "traffic.flows=1", "traffic.packets=1000", "traffic.payload=1000", "traffic.rate=100000"];
        var plain = ScenarioRunner.Run("default", stream).Tcp!;
        var lowat = ScenarioRunner.Run("default", [.. stream, "socket.rcvlowat=16000"]).Tcp!;

        Assert.True(plain.SmallestRead < 16000, $"smallest read without SO_RCVLOWAT: {plain.SmallestRead}");
        Assert.True(lowat.SmallestRead >= 16000, $"smallest read with SO_RCVLOWAT 16000: {lowat.SmallestRead}");
        Assert.True(lowat.ReaderWakeups * 4 < plain.ReaderWakeups, $"wakeups {lowat.ReaderWakeups} with, {plain.ReaderWakeups} without");
        Assert.Equal(1000 * 1000L, lowat.BytesRead);
        Assert.Equal(0, lowat.CorruptBytes);
    }

    [Theory]
    [InlineData("select-many")]
    [InlineData("epoll-many")]
    public void LiveMode_EventLoopRacingSoftirqOnAnotherCpu_LosesNoWakeup(string scenario)
    {
        // Real threads: the loop hooks and checks on CPU 1 while softirq queues and wakes on CPU 0. A lost wakeup
        // would leave datagrams queued with the thread asleep, and the run would end with them still there.
        // (On a loaded machine a live select loop may fall behind and overrun sockets: those are counted drops.)
        // On a loaded host a wakeup between two CPU threads can take milliseconds: 1 ms between datagrams lets the
        // loop catch up and sleep, so the race between its sleep and softirq's wakeup is run even then.
        var result = LiveRace.RunUntil(
            () => ScenarioRunner.Run(scenario, "mode=live", "traffic.packets=600", "traffic.rate=1000"),
            r => r.Wait is { Wakeups: > 0 });
        long overruns = result.Drops.Where(d => d.Reason == SkbDropReason.SocketRcvbuff).Sum(d => d.Count);
        Assert.Equal(0, result.InSockets);
        Assert.Equal(600, result.Conservation.Delivered + overruns);
        Assert.Equal(0, result.OutOfOrder);
        Assert.True(Wait(result).Wakeups > 0);
    }

    [Fact]
    public void BadWaitSettings_AreRefusedWithTheirName()
    {
        Assert.Contains("app.wait", Assert.ThrowsAny<ArgumentException>(() => ScenarioRunner.Options("default", "app.wait=sleep")).Message, StringComparison.Ordinal);
        Assert.Contains("app.wait", Assert.ThrowsAny<ArgumentException>(() => ScenarioRunner.Options("default", "traffic.protocol=tcp", "app.wait=select")).Message, StringComparison.Ordinal);
        Assert.Contains("app.epoll_flags", Assert.ThrowsAny<ArgumentException>(() => ScenarioRunner.Options("default", "app.wait=epoll", "app.epoll_flags=EPOLLEXCLUSIVE,EPOLLONESHOT")).Message, StringComparison.Ordinal);
        Assert.Contains("app.epoll_flags", Assert.ThrowsAny<ArgumentException>(() => ScenarioRunner.Options("default", "app.epoll_flags=EPOLLET")).Message, StringComparison.Ordinal);
        Assert.Contains("app.vlen", Assert.ThrowsAny<ArgumentException>(() => ScenarioRunner.Options("default", "app.vlen=0")).Message, StringComparison.Ordinal);
    }

    private static WaitSummary Wait(RunResult result) => result.Wait ?? throw new InvalidOperationException("the run had no waiting threads");
}
