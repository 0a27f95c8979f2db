using System.Runtime.InteropServices;

namespace ActorStack.KernelProbe;

/// <summary>
/// Pins the calling thread to one CPU. The sender's CPU matters: without RPS, veth_xmit() → __netif_rx() queues the skb
/// on the sending CPU's backlog, and the softirq that empties it runs there too (at local_bh_enable()).
/// </summary>
internal static class CpuPinning
{
    /// <summary>Pins the calling thread to <paramref name="cpu"/> and returns the CPU it then runs on.</summary>
    public static int PinCurrentThread(int cpu)
    {
        if (cpu is < 0 or > 63)
        {
            throw new ArgumentOutOfRangeException(nameof(cpu), cpu, "only CPUs 0–63 are supported");
        }

        ulong mask = 1UL << cpu;
        if (LibC.sched_setaffinity(0, sizeof(ulong), ref mask) != 0)
        {
            throw new InvalidOperationException($"sched_setaffinity(CPU {cpu}) failed: errno {Marshal.GetLastPInvokeError()}");
        }

        Thread.Yield();
        return LibC.sched_getcpu();
    }
}
