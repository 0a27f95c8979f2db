using System.Runtime.InteropServices;

namespace ActorStack.KernelProbe;

/// <summary>
/// Turns SIGINT, SIGTERM and SIGHUP into a clean stop. The handler cancels the runtime's default termination and
/// undoes the <see cref="Sandbox"/> at once (kills the children, deletes the namespaces, restores sysctls); the main
/// thread, whose child died or whose next namespace cannot be created, then unwinds and returns
/// <see cref="ExitCode"/> (128 + signal, the shell's convention) without printing a report. A watchdog exits anyway
/// if the main thread has not finished a few seconds later. The handler runs on a thread-pool thread, not in signal
/// context, so it may start <c>ip</c> processes.
/// </summary>
internal sealed class SignalGuard : IDisposable
{
    private static readonly TimeSpan Watchdog = TimeSpan.FromSeconds(5);

    private readonly PosixSignalRegistration[] _registrations;
    private int _exitCode;

    public SignalGuard(Sandbox sandbox)
    {
        _registrations =
        [
            Register(PosixSignal.SIGINT, 2, sandbox),
            Register(PosixSignal.SIGTERM, 15, sandbox),
            Register(PosixSignal.SIGHUP, 1, sandbox),
        ];
    }

    /// <summary>128 + the signal once one arrived; null until then.</summary>
    public int? ExitCode => Volatile.Read(ref _exitCode) is > 0 and var code ? code : null;

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }
    }

    private PosixSignalRegistration Register(PosixSignal signal, int number, Sandbox sandbox) =>
        PosixSignalRegistration.Create(signal, context =>
        {
            context.Cancel = true;

            // `timeout` and a terminal's Ctrl-C signal the whole process group, so the same signal can arrive twice;
            // the first one does the work.
            if (Interlocked.CompareExchange(ref _exitCode, 128 + number, 0) != 0)
            {
                return;
            }

            Log.Info($"{signal}: removing namespaces and restoring sysctls");
            sandbox.Dispose();
            _ = Task.Delay(Watchdog).ContinueWith(_ => Environment.Exit(128 + number), TaskScheduler.Default);
        });
}
