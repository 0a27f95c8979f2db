using ActorStack.TestKit;

namespace ActorStack.Engine.Tests;

/// <summary>The CPU model on Akka: Spend, preemption by level, need_resched, accounting.</summary>
public class CpuTimeTests : SimTestKit
{
    [Fact]
    public void Spend_TwoThreadsOnOneCpu_TakeTurnsAndTheCpuIsBusyForTheSum()
    {
        var system = Sim;
        var log = new List<(string Name, long Start, long End)>();
        var a = system.Spawn(new Props<int>(() => new Worker(1000, log, "a")).WithCpu(0), "a");
        var b = system.Spawn(new Props<int>(() => new Worker(1000, log, "b")).WithCpu(0), "b");
        for (int i = 0; i < 5; i++)
        {
            a.Tell(i);
            b.Tell(i);
        }

        Assert.True(system.RunUntilQuiet());
        // Ten turns of 1 µs each on one CPU: they never overlap and the last ends at 10 µs.
        var ordered = log.OrderBy(e => e.Start).ToList();
        for (int i = 1; i < ordered.Count; i++)
        {
            Assert.True(ordered[i].Start >= ordered[i - 1].End, $"turn {i} overlaps the previous one");
        }

        Assert.Equal(10_000, ordered[^1].End);
        Assert.Equal(10_000, system.Usage.SysNanos(0));
        Assert.Equal(0, system.Usage.BusyNanos(1));
    }

    [Fact]
    public void Spend_OnDifferentCpus_RunsInParallel()
    {
        var system = Sim;
        var log = new List<(string Name, long Start, long End)>();
        var a = system.Spawn(new Props<int>(() => new Worker(1000, log, "a")).WithCpu(0), "a");
        var b = system.Spawn(new Props<int>(() => new Worker(1000, log, "b")).WithCpu(1), "b");
        for (int i = 0; i < 5; i++)
        {
            a.Tell(i);
            b.Tell(i);
        }

        Assert.True(system.RunUntilQuiet());
        Assert.Equal(5_000, log.Max(e => e.End));
    }

    [Fact]
    public void HardIrq_ArrivingDuringAThread_RunsAtOnceAndDelaysTheThread()
    {
        var system = Sim;
        var log = new List<(string Name, long Start, long End)>();
        var thread = system.Spawn(new Props<int>(() => new Worker(10_000, log, "thread")).WithCpu(0), "thread");
        var irq = system.Spawn(new Props<int>(() => new Worker(1_000, log, "irq")).WithCpu(0, ExecClass.HardIrq), "irq");
        thread.Tell(1);
        thread.Tell(2);
        system.CreateTimer(irq, 1).Arm(2_000);
        Assert.True(system.RunUntilQuiet());

        var irqTurn = log.Single(e => e.Name == "irq");
        Assert.Equal(2_000, irqTurn.Start);
        // The first thread turn owned [0, 10 µs) but lost 1 µs to the interrupt: the second starts at 11 µs.
        var second = log.Where(e => e.Name == "thread").OrderBy(e => e.Start).Last();
        Assert.Equal(11_000, second.Start);
        Assert.Equal(1_000, system.Usage.IrqNanos(0));
        Assert.Equal(20_000, system.Usage.SysNanos(0));
    }

    [Fact]
    public void Softirq_WaitsForAHardIrqButNotForAThread()
    {
        var system = Sim;
        var log = new List<(string Name, long Start, long End)>();
        var thread = system.Spawn(new Props<int>(() => new Worker(10_000, log, "thread")).WithCpu(0), "thread");
        var irq = system.Spawn(new Props<int>(() => new Worker(5_000, log, "irq")).WithCpu(0, ExecClass.HardIrq), "irq");
        var softirq = system.Spawn(new Props<int>(() => new Worker(1_000, log, "softirq")).WithCpu(0, ExecClass.SoftIrq), "softirq");
        thread.Tell(1);
        system.CreateTimer(irq, 1).Arm(1_000);
        system.CreateTimer(softirq, 1).Arm(2_000);
        Assert.True(system.RunUntilQuiet());

        // The softirq is ready at 2 µs, preempts the thread, but the hard IRQ holds the CPU until 6 µs.
        Assert.Equal(6_000, log.Single(e => e.Name == "softirq").Start);
        Assert.Equal(1_000, system.Usage.SoftNanos(0));
    }

    [Fact]
    public void NeedResched_SeesAThreadWaitingOnTheCpu()
    {
        var system = Sim;
        var answers = new List<bool>();
        var softirq = system.Spawn(new Props<int>(() => new ReschedProbe(answers)).WithCpu(0, ExecClass.SoftIrq), "softirq");
        var log = new List<(string Name, long Start, long End)>();
        var thread = system.Spawn(new Props<int>(() => new Worker(1, log, "t")).WithCpu(0), "t");
        var elsewhere = system.Spawn(new Props<int>(() => new Worker(1, log, "u")).WithCpu(1), "u");
        elsewhere.Tell(1);
        softirq.Tell(1);
        system.RunUntilQuiet();
        thread.Tell(1);
        softirq.Tell(2);
        system.RunUntilQuiet();
        Assert.Equal([false, true], answers);
    }

    [Fact]
    public void Spend_Live_CountsTheTimeOnTheActorsCpu()
    {
        using var system = Simulation.CreateLive(cpuCount: 2);
        var log = new List<(string Name, long Start, long End)>();
        var a = system.Spawn(new Props<int>(() => new Worker(200_000, log, "a")).WithCpu(1, ExecClass.SoftIrq), "a");
        var wall = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < 5; i++)
        {
            a.Tell(i);
        }

        Assert.True(system.RunUntilQuiet(TimeSpan.FromSeconds(30)));
        // At least the modelled cost; more if the model's own code took longer (a first turn meets the JIT).
        Assert.InRange(system.Usage.SoftNanos(1), 1_000_000, 1_000_000_000);
        // A live spend really takes the time: the CPU thread is busy for the modelled cost (the real time the model's
        // own code took since the turn began counts towards it), so five turns take at least five costs of wall time.
        Assert.True(wall.Elapsed >= TimeSpan.FromMilliseconds(1), $"{wall.Elapsed}");
    }

    [Fact]
    public void Spend_Live_TurnSlowerThanItsCost_IsAccountedAtItsRealTime_AndDeviceWorkIsSteal()
    {
        // What mpstat shows in live mode is what the CPU's thread did: a turn whose code took 3 ms for a 1 µs cost kept
        // the CPU busy 3 ms, and a device model running on the CPU's thread is time the CPU did not have (%steal).
        using var system = Simulation.CreateLive(cpuCount: 1);
        var slow = system.Spawn(new Props<int>(() => new SlowTurn(3, 1_000)).WithCpu(0, ExecClass.SoftIrq), "slow");
        var device = system.Spawn(new Props<int>(() => new SlowTurn(3, 0)), "device");
        slow.Tell(1);
        device.Tell(1);

        Assert.True(system.RunUntilQuiet(TimeSpan.FromSeconds(30)));
        Assert.True(system.Usage.SoftNanos(0) >= 3_000_000, $"{system.Usage.SoftNanos(0)} ns soft");
        Assert.True(system.Usage.StealNanos(0) >= 3_000_000, $"{system.Usage.StealNanos(0)} ns steal");
    }

    [Fact]
    public void SpendUser_IsUserTime_Spend_IsSystemTime()
    {
        using var system = Simulation.CreateDeterministic(cpuCount: 1, seed: 1);
        var thread = system.Spawn(new Props<int>(() => new UserAndSys()).WithCpu(0, ExecClass.Task), "thread");
        thread.Tell(1);

        Assert.True(system.RunUntilQuiet());
        Assert.Equal(2_000, system.Usage.UserNanos(0));
        Assert.Equal(5_000, system.Usage.SysNanos(0));
    }

    private sealed class SlowTurn(int realMillis, long cost) : Actor<int>
    {
        protected override void Receive(int message)
        {
            var spin = System.Diagnostics.Stopwatch.StartNew();
            while (spin.ElapsedMilliseconds < realMillis)
            {
                Thread.SpinWait(100);
            }

            Cpu.Spend(cost);
        }
    }

    private sealed class UserAndSys : Actor<int>
    {
        protected override void Receive(int message)
        {
            Cpu.Spend(5_000);
            Cpu.SpendUser(2_000);
        }
    }

    private sealed class ReschedProbe(List<bool> answers) : Actor<int>
    {
        protected override void Receive(int message) => answers.Add(Cpu.NeedResched);
    }
}

/// <summary>The per-CPU timeline stays within a fixed size however long the model runs.</summary>
public class CpuTimelineMemoryTests
{
    [Fact]
    public void Timeline_OfAVeryLongRun_CoarsensInsteadOfGrowing_AndKeepsEveryNanosecond()
    {
        var usage = new CpuUsage(cpus: 2, timelineBucketNanos: 50_000);
        var clock = new ManualClock();
        usage.Clock = clock;
        // A thousand seconds of busy time on CPU 0 (one huge Spend), then 1 ms on CPU 1 at the start.
        clock.NowNanos = 1_000_000_000_000;
        usage.Add(0, CpuColumn.Soft, 1_000_000_000_000);
        clock.NowNanos = 1_000_000;
        usage.Add(1, CpuColumn.User, 1_000_000);

        Assert.True(usage.TimelineBucketNanos >= 1_000_000_000_000 / CpuUsage.MaxBuckets);
        var cpu0 = usage.Timeline(0, 1_000_000_000_000);
        var cpu1 = usage.Timeline(1, 1_000_000_000_000);
        Assert.True(cpu0.Count <= CpuUsage.MaxBuckets, $"{cpu0.Count} buckets");
        Assert.Equal(1_000_000_000_000, cpu0.Sum(b => b.Soft));
        Assert.Equal(1_000_000, cpu1.Sum(b => b.User));
    }

    [Fact]
    public void Timeline_OfAShortRun_KeepsItsConfiguredResolution()
    {
        var usage = new CpuUsage(cpus: 1, timelineBucketNanos: 50_000);
        var clock = new ManualClock { NowNanos = 200_000 };
        usage.Clock = clock;
        usage.Add(0, CpuColumn.Irq, 100_000);
        Assert.Equal(50_000, usage.TimelineBucketNanos);
        Assert.Equal([0, 0, 50_000, 50_000], usage.Timeline(0, 200_000).Select(b => b.Irq));
    }

    private sealed class ManualClock : IClock
    {
        public long NowNanos { get; set; }

        public DateTimeOffset UtcNow => VirtualClock.Epoch.AddTicks(NowNanos / 100);
    }
}
