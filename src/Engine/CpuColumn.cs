namespace ActorStack.Engine;

/// <summary>The mpstat column a CPU's time is accounted to.</summary>
public enum CpuColumn
{
    /// <summary>%usr: a thread's own work in user space (<see cref="ICpuContext.SpendUser"/>).</summary>
    User = 0,

    /// <summary>%sys: a thread in the kernel, in a system call (the default for thread-level work).</summary>
    Sys = 1,

    /// <summary>%soft: softirq, run on irq_exit or in ksoftirqd.</summary>
    Soft = 2,

    /// <summary>%irq: hard interrupt handlers.</summary>
    Irq = 3,

    /// <summary>
    /// %steal: live mode only, the real time the CPU's thread spent running device models (NIC, wire, sockets) that a
    /// real machine runs elsewhere. As a hypervisor's work shows in a guest's mpstat, it is time this CPU did not have.
    /// </summary>
    Steal = 4,
}
