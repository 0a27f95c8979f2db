using System.Diagnostics;

namespace ActorStack.KernelProbe;

/// <summary>
/// Everything the probe changes on the machine, so that all of it can be undone from one place: the network
/// namespaces it created (named <c>asval-PID-role</c>), the global sysctls it changed (with their originals), and the
/// child processes it started inside the namespaces. <see cref="Dispose"/> undoes it all, once, whether reached from
/// a finally, an exception or a SIGINT/SIGTERM handler (<see cref="SignalGuard"/>); after that nothing new can be
/// created, so a main thread still running cannot leave a namespace behind.
/// </summary>
internal sealed class Sandbox : IDisposable
{
    /// <summary>Every namespace the probe creates starts with this, then the PID: what the stale sweep looks for.</summary>
    public const string Prefix = "asval-";

    private readonly Lock _gate = new();
    private readonly List<string> _namespaces = [];
    private readonly Dictionary<string, string> _originals = [];
    private readonly HashSet<Process> _children = [];
    private readonly int _pid = Environment.ProcessId;
    private bool _closed;

    /// <summary>Creates namespace <c>asval-PID-role</c> and returns its name.</summary>
    public string CreateNamespace(string role)
    {
        string name = $"{Prefix}{_pid}-{role}";
        lock (_gate)
        {
            ThrowIfClosed();
            IpTool.Run("netns", "add", name);
            _namespaces.Add(name);
        }

        return name;
    }

    /// <summary>Deletes a namespace created here. Its veth ends go with it (the pair dies with either end).</summary>
    public void DeleteNamespace(string name)
    {
        lock (_gate)
        {
            if (_namespaces.Contains(name))
            {
                // Forgotten only once deleted, so that a failure here is retried by Dispose.
                IpTool.Run("netns", "del", name);
                _namespaces.Remove(name);
            }
        }
    }

    /// <summary>Sets a global sysctl, remembering (and journaling) its original value the first time.</summary>
    public void SetGlobalSysctl(string key, string value)
    {
        lock (_gate)
        {
            ThrowIfClosed();
            if (!_originals.ContainsKey(key))
            {
                _originals[key] = GlobalSysctl.Read(key);
                RestoreJournal.Save(_pid, _originals);
            }

            GlobalSysctl.Write(key, value);
        }
    }

    /// <summary>Puts a global sysctl back to the value it had before the first <see cref="SetGlobalSysctl"/>.</summary>
    public void RestoreGlobalSysctl(string key)
    {
        lock (_gate)
        {
            if (_originals.TryGetValue(key, out string? original))
            {
                GlobalSysctl.Write(key, original);
            }
        }
    }

    /// <summary>Registers a child started in a namespace so that a signal kills it before its namespace goes.</summary>
    public void Adopt(Process child)
    {
        lock (_gate)
        {
            if (_closed)
            {
                Kill(child);
                throw new OperationCanceledException("the probe is shutting down");
            }

            _children.Add(child);
        }
    }

    /// <summary>Forgets a child that has exited.</summary>
    public void Release(Process child)
    {
        lock (_gate)
        {
            _children.Remove(child);
        }
    }

    /// <summary>Kills children, deletes namespaces, restores sysctls. Idempotent; each step's failure is logged and
    /// the rest still run.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            foreach (Process child in _children)
            {
                Kill(child);
            }

            _children.Clear();
            foreach (string name in _namespaces)
            {
                Try($"delete namespace {name}", () => IpTool.Run("netns", "del", name));
            }

            _namespaces.Clear();
            foreach ((string key, string original) in _originals)
            {
                Try($"restore {key}={original}", () => GlobalSysctl.Write(key, original));
            }

            // The journal goes only when every value reads back restored; otherwise the next probe's sweep retries.
            Try("delete the restore journal", () =>
            {
                if (_originals.Count > 0 && _originals.All(kv => GlobalSysctl.Read(kv.Key) == kv.Value))
                {
                    RestoreJournal.Delete(_pid);
                }
            });
        }
    }

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new OperationCanceledException("the probe is shutting down");
        }
    }

    private static void Kill(Process child) => Try($"kill child {child.Id}", () => child.Kill(entireProcessTree: true));

    private static void Try(string what, Action action)
    {
        try
        {
            action();
        }
        catch (Exception e) when (e is ToolException or IOException or UnauthorizedAccessException
                                      or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            Log.Info($"cleanup: could not {what}: {e.Message}");
        }
    }
}
