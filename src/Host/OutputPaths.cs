namespace ActorStack.Host;

/// <summary>
/// Checks every file a command will write before anything runs, so a typo in a path costs a second, not a whole run
/// and its results: the directory must exist or be creatable, the path must not be a directory, and the file must be
/// writable. A failure is bad input (exit 2) naming the option.
/// </summary>
internal static class OutputPaths
{
    public static void Check(ParsedCommand parsed)
    {
        if (parsed.Command == "run")
        {
            if (parsed.ResultPath is { } json)
            {
                CheckFile("--json", json);
                CheckFile("--json", Path.ChangeExtension(json, ".timeline.svg"));
            }

            if (parsed.Trace.JaegerFile is { } trace)
            {
                CheckFile("--trace-file", trace);
            }

            if (parsed.LogFile is { } log)
            {
                CheckFile("--log-file", log);
            }
        }
        else if (parsed.Command == "sweep")
        {
            CheckDirectory("--out", parsed.OutDir ?? $"sweep-{parsed.Argument!.Split('=')[0]}");
        }
    }

    private static void CheckFile(string option, string path)
    {
        if (path.Length == 0 || path.EndsWith('/') || path.EndsWith(Path.DirectorySeparatorChar) || Directory.Exists(path))
        {
            throw new ArgumentException($"{option} {path}: is a directory, not a file.");
        }

        string full = Path.GetFullPath(path);
        CheckDirectory(option, Path.GetDirectoryName(full)!);
        bool existed = File.Exists(full);
        try
        {
            // Open for writing without truncating: an existing file keeps its contents until the run replaces them.
            using (new FileStream(full, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite))
            {
            }

            if (!existed)
            {
                File.Delete(full);
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"{option} {path}: cannot be written ({error.Message}).");
        }
    }

    private static void CheckDirectory(string option, string directory)
    {
        if (File.Exists(directory))
        {
            throw new ArgumentException($"{option} {directory}: is a file, not a directory.");
        }

        try
        {
            Directory.CreateDirectory(directory);
            string probe = Path.Combine(directory, $".actorstack-write-check-{Environment.ProcessId}");
            File.WriteAllText(probe, string.Empty);
            File.Delete(probe);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"{option} {directory}: cannot be written ({error.Message}).");
        }
    }
}
