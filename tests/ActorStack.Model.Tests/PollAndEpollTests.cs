using ActorStack.Engine;
using ActorStack.TestKit;
using ActorStack.Sockets;
using ActorStack.Sockets.Poll;

namespace ActorStack.Model.Tests;

/// <summary>The wait-queue callbacks of select/poll (pollwake) and epoll (ep_poll_callback), one at a time.</summary>
public sealed class PollAndEpollTests : IDisposable
{
    private readonly Simulation _system = Simulation.Create(new SimulationOptions { Mode = ExecutionMode.Deterministic, CpuCount = 1, Seed = 1 });

    public void Dispose() => _system.Dispose();

    [Fact]
    public void Pollwake_KeyOutsideTheRequestedEvents_DoesNotWake_ReadableWakesOnce()
    {
        var thread = TypedProbe<IEventLoopMsg>.Create(_system, "selecting");
        var file = new FakePollable();
        var waiter = new PollWaiter(1, PollEvents.SelectReadSet) { Thread = thread.Ref };
        waiter.Hook(0, file.Wait);
        Assert.True(waiter.TrySleep());

        Assert.Equal(0, file.Wait.WakeUp(PollEvents.Out));
        thread.ExpectNoMsg();

        Assert.Equal(1, file.DataReady());
        Assert.IsType<Wakeup>(thread.ExpectMsg());
        // Already running: a second datagram marks the call triggered but wakes nothing.
        Assert.Equal(0, file.DataReady());
        thread.ExpectNoMsg();
        // Not auto-removed: the entry stays until poll_freewait.
        Assert.Equal(1, file.Wait.Count);
        Assert.Equal(1, waiter.FreeWait());
        Assert.Equal(0, file.Wait.Count);
    }

    [Fact]
    public void Pollwake_WakeupDuringTheScan_MakesTheThreadRescanInsteadOfSleeping()
    {
        var thread = TypedProbe<IEventLoopMsg>.Create(_system, "selecting");
        var file = new FakePollable();
        var waiter = new PollWaiter(1, PollEvents.In) { Thread = thread.Ref };
        waiter.Hook(0, file.Wait);
        file.DataReady();

        Assert.False(waiter.TrySleep());
        thread.ExpectNoMsg();
        Assert.Equal(0, waiter.Woken);
    }

    [Fact]
    public void Pollwake_OneEntryPerDescriptor_AnyOfThemWakesTheThread()
    {
        var thread = TypedProbe<IEventLoopMsg>.Create(_system, "selecting");
        var files = Enumerable.Range(0, 8).Select(_ => new FakePollable()).ToArray();
        var waiter = new PollWaiter(files.Length, PollEvents.SelectReadSet) { Thread = thread.Ref };
        for (int i = 0; i < files.Length; i++)
        {
            waiter.Hook(i, files[i].Wait);
        }

        Assert.True(waiter.TrySleep());
        files[5].DataReady();
        Assert.IsType<Wakeup>(thread.ExpectMsg());
        Assert.Equal(8, waiter.FreeWait());
        Assert.All(files, f => Assert.Equal(0, f.Wait.Count));
    }

    [Theory]
    [InlineData(false, 4)]
    [InlineData(true, 1)]
    public void SharedListener_EpollInstancesEachWithASleeper_ExclusiveWakesOne_OtherwiseAll(bool exclusive, int expectedWoken)
    {
        var listener = new FakePollable();
        var threads = new TypedProbe<IEventLoopMsg>[4];
        var instances = new EpollInstance[4];
        for (int i = 0; i < 4; i++)
        {
            threads[i] = TypedProbe<IEventLoopMsg>.Create(_system, $"worker{i}");
            instances[i] = new EpollInstance();
            instances[i].Add(listener, 3, PollEvents.In | (exclusive ? PollEvents.EpollExclusive : PollEvents.None));
            Assert.True(instances[i].PrepareToSleep(new ThreadWaitEntry { Thread = threads[i].Ref, Exclusive = true, Mask = ~PollEvents.None }));
        }

        listener.DataReady();
        _system.RunUntilQuiet();

        Assert.Equal(expectedWoken, threads.Sum(t => t.DrainReceived().Count(m => m is Wakeup)));
        Assert.Equal(expectedWoken, instances.Sum(ep => ep.Wakeups));
    }

    [Fact]
    public void EpollExclusive_FirstInstanceHasNoSleeper_QueuesTheEventThere_AndWakesTheNextWithASleeper()
    {
        var listener = new FakePollable();
        var busy = new EpollInstance();
        var idle = new EpollInstance();
        busy.Add(listener, 3, PollEvents.In | PollEvents.EpollExclusive);
        idle.Add(listener, 3, PollEvents.In | PollEvents.EpollExclusive);
        var idleThread = TypedProbe<IEventLoopMsg>.Create(_system, "idle");
        Assert.True(idle.PrepareToSleep(new ThreadWaitEntry { Thread = idleThread.Ref, Exclusive = true, Mask = ~PollEvents.None }));

        Assert.Equal(1, listener.DataReady());

        Assert.IsType<Wakeup>(idleThread.ExpectMsg());
        Assert.Equal(1, busy.ReadyCount);
        Assert.Equal(0, busy.Wakeups);
    }

    [Fact]
    public void LevelTriggered_ReportsAgainWhileReadable_AndDropsTheItemOnceDrained()
    {
        var file = new FakePollable();
        var ep = new EpollInstance();
        ep.Add(file, 7, PollEvents.In);
        file.DataReady();
        var events = new EpollEvent[4];

        Assert.Equal(1, ep.SendEvents(events, out _));
        Assert.Equal(new EpollEvent(7, PollEvents.In), events[0]);
        Assert.Equal(1, ep.SendEvents(events, out _));

        file.Ready = PollEvents.None;
        Assert.Equal(0, ep.SendEvents(events, out int examined));
        Assert.Equal(1, examined);
        Assert.Equal(0, ep.ReadyCount);
    }

    [Fact]
    public void EdgeTriggered_ReportsOncePerWakeup_EvenWhileStillReadable()
    {
        var file = new FakePollable();
        var ep = new EpollInstance();
        ep.Add(file, 7, PollEvents.In | PollEvents.EpollEt);
        file.DataReady();
        var events = new EpollEvent[4];

        Assert.Equal(1, ep.SendEvents(events, out _));
        Assert.Equal(0, ep.SendEvents(events, out int examined));
        Assert.Equal(0, examined);

        file.DataReady();
        Assert.Equal(1, ep.SendEvents(events, out _));
    }

    [Fact]
    public void OneShot_ReportsOnce_IgnoresWakeupsUntilCtlModRearmsIt()
    {
        var file = new FakePollable();
        var ep = new EpollInstance();
        var item = ep.Add(file, 7, PollEvents.In | PollEvents.EpollOneShot);
        file.DataReady();
        var events = new EpollEvent[4];

        Assert.Equal(1, ep.SendEvents(events, out _));
        file.DataReady();
        Assert.Equal(0, ep.ReadyCount);
        Assert.Equal(0, ep.SendEvents(events, out _));

        ep.Modify(item, PollEvents.In | PollEvents.EpollOneShot);
        Assert.Equal(1, ep.SendEvents(events, out _));
    }

    [Fact]
    public void EpollCtlAdd_OfAnAlreadyReadableFile_PutsItOnTheReadyList()
    {
        var file = new FakePollable { Ready = PollEvents.In };
        var ep = new EpollInstance();
        ep.Add(file, 9, PollEvents.In);
        Assert.Equal(1, ep.ReadyCount);
        Assert.False(ep.PrepareToSleep(new ThreadWaitEntry { Exclusive = true }));
    }

    [Fact]
    public void EpollExclusiveWithOneShot_IsRefused()
    {
        var ep = new EpollInstance();
        Assert.Throws<ArgumentException>(() => ep.Add(new FakePollable(), 3, PollEvents.In | PollEvents.EpollExclusive | PollEvents.EpollOneShot));
    }
}
