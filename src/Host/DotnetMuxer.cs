namespace ActorStack.Host;

/// <summary>The dotnet executable that can start another .NET assembly from this process, however it was started.</summary>
internal static class DotnetMuxer
{
    /// <summary>
    /// This process when it is dotnet itself (dotnet X.dll, a test host started by dotnet), else the muxer the SDK names
    /// in DOTNET_HOST_PATH (dotnet run, dotnet test), else dotnet on the PATH (an apphost such as ./ActorStack.Host).
    /// </summary>
    public static string Path()
    {
        string? process = Environment.ProcessPath;
        return process is not null && System.IO.Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? process
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
    }
}
