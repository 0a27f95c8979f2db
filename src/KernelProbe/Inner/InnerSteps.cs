namespace ActorStack.KernelProbe;

/// <summary>
/// The socket work that has to happen inside a namespace. The probe re-runs itself as
/// <c>ip netns exec NS dotnet ActorStack.KernelProbe.dll --inner STEP --key value ...</c>; the step does its work and
/// writes JSON lines on stdout (<see cref="InnerOutput"/>), diagnostics on stderr.
/// </summary>
internal static class InnerSteps
{
    /// <summary>Runs the step named by <paramref name="args"/>[0]; exit 0 on success, 1 on failure.</summary>
    public static int Run(IReadOnlyList<string> args)
    {
        if (args.Count == 0)
        {
            Console.Error.WriteLine("--inner needs a step name");
            return 2;
        }

        var options = new InnerArgs(args.Skip(1).ToList());
        try
        {
            switch (args[0])
            {
                case "udp-fill": UdpFillStep.Run(options); break;
                case "udp-burst": UdpBurstStep.Run(options); break;
                case "udp-sink": UdpSinkStep.Run(options); break;
                case "udp-flood": UdpFloodStep.Run(options); break;
                case "tcp-server": TcpServerStep.Run(options); break;
                case "tcp-client": TcpClientStep.Run(options); break;
                default:
                    Console.Error.WriteLine($"unknown inner step '{args[0]}'");
                    return 2;
            }

            return 0;
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException or ArgumentException
                                      or InvalidOperationException or InvalidDataException or FormatException)
        {
            Console.Error.WriteLine($"{args[0]} failed: {e.GetType().Name}: {e.Message}");
            return 1;
        }
    }
}
