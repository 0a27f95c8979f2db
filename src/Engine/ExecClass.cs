namespace ActorStack.Engine;

/// <summary>
/// The execution context an actor's work runs in on its CPU, as the kernel distinguishes them. A higher class
/// preempts a lower one: hard IRQ preempts softirq, softirq preempts threads. Actors on no CPU (hardware) ignore it.
/// </summary>
public enum ExecClass
{
    /// <summary>
    /// A thread (application, or any task): scheduled, preempted by softirq and hard IRQ. mpstat %sys (its system calls),
    /// or %usr for what it spends as user time.
    /// </summary>
    Task = 0,

    /// <summary>
    /// ksoftirqd: scheduled like a thread (competes with Task on equal terms), but its time is softirq time (mpstat %soft).
    /// </summary>
    SoftirqThread = 1,

    /// <summary>Softirq run on irq_exit (mpstat %soft): preempts threads, preempted by hard IRQ.</summary>
    SoftIrq = 2,

    /// <summary>Hard interrupt handler (mpstat %irq): preempts everything.</summary>
    HardIrq = 3,
}

/// <summary>Helpers for <see cref="ExecClass"/>.</summary>
public static class ExecClassExtensions
{
    /// <summary>Scheduling level: 0 threads (incl. ksoftirqd), 1 softirq, 2 hard IRQ.</summary>
    public static int Level(this ExecClass execClass) => execClass switch
    {
        ExecClass.Task or ExecClass.SoftirqThread => 0,
        ExecClass.SoftIrq => 1,
        _ => 2,
    };

    /// <summary>The mpstat column the class's time is accounted to (a thread's: %sys, unless it spends user time).</summary>
    public static CpuColumn AccountingColumn(this ExecClass execClass, bool user = false) => execClass switch
    {
        ExecClass.Task => user ? CpuColumn.User : CpuColumn.Sys,
        ExecClass.SoftirqThread or ExecClass.SoftIrq => CpuColumn.Soft,
        _ => CpuColumn.Irq,
    };
}
