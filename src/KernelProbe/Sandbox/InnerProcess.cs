using System.Diagnostics;
using System.Text.Json;

namespace ActorStack.KernelProbe;

/// <summary>
/// This program re-run as an inner step inside a namespace: <c>ip netns exec NS dotnet ActorStack.KernelProbe.dll
/// --inner STEP ...</c> (ip execs the command after setns(), so the child's PID is the step's). Its stdout is read line
/// by line as JSON messages; its stderr is passed through to ours, prefixed. The child is adopted by the
/// <see cref="Sandbox"/> so that a signal kills it before its namespace is deleted.
/// </summary>
internal sealed class InnerProcess : IDisposable
{
    /// <summary>How long any one message or exit may take before the step is declared hung.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly Sandbox _sandbox;
    private readonly string _label;

    private InnerProcess(Process process, Sandbox sandbox, string label)
    {
        _process = process;
        _sandbox = sandbox;
        _label = label;
    }

    /// <summary>Starts step <paramref name="step"/> in <paramref name="ns"/>.</summary>
    public static InnerProcess Start(Sandbox sandbox, string ns, string step, params string[] args)
    {
        var start = new ProcessStartInfo(IpTool.Require())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in (string[])["netns", "exec", ns, .. SelfCommand(), "--inner", step, .. args])
        {
            start.ArgumentList.Add(arg);
        }

        string label = $"{step}@{ns}";
        var process = new Process { StartInfo = start };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Log.Info($"  [{label}] {e.Data}");
            }
        };
        process.Start();
        var inner = new InnerProcess(process, sandbox, label);
        sandbox.Adopt(process);
        process.BeginErrorReadLine();
        return inner;
    }

    /// <summary>Starts a step, waits for its one result line and its exit.</summary>
    public static T Run<T>(Sandbox sandbox, string ns, string step, params string[] args)
    {
        using InnerProcess inner = Start(sandbox, ns, step, args);
        return inner.Finish<T>();
    }

    /// <summary>Reads the next message.</summary>
    public T Read<T>()
    {
        Task<string?> line = _process.StandardOutput.ReadLineAsync();
        if (!line.Wait(DefaultTimeout))
        {
            throw new TimeoutException($"{_label} sent nothing for {DefaultTimeout.TotalSeconds} s");
        }

        if (line.Result is not { } text)
        {
            _process.WaitForExit(DefaultTimeout);
            string code = _process.HasExited ? _process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?";
            throw new InvalidOperationException($"{_label} exited ({code}) without a result; see its stderr above");
        }

        return JsonSerializer.Deserialize<T>(text, ProbeJson.Line)
               ?? throw new InvalidDataException($"{_label} sent null");
    }

    /// <summary>Writes a line to the step's stdin (the sink's "drain").</summary>
    public void Send(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    /// <summary>Reads the last message and waits for a clean exit.</summary>
    public T Finish<T>()
    {
        T result = Read<T>();
        if (!_process.WaitForExit(DefaultTimeout))
        {
            throw new TimeoutException($"{_label} did not exit");
        }

        if (_process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{_label} exited {_process.ExitCode}");
        }

        return result;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(DefaultTimeout);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _sandbox.Release(_process);
        _process.Dispose();
    }

    /// <summary>How to run this program again: <c>dotnet X.dll</c> when started through the muxer, else the apphost.</summary>
    private static string[] SelfCommand()
    {
        string host = Environment.ProcessPath ?? "dotnet";
        string assembly = typeof(InnerProcess).Assembly.Location;
        return Path.GetFileNameWithoutExtension(host) == "dotnet" ? [host, assembly] : [host];
    }
}
