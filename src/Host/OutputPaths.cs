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
                CheckFile("--json", Path.ChangeExtension(json, ".timeline.png"));
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
        else if (parsed.Command == "soak" && parsed.JsonPath is { } soakJson and not "none")
        {
            CheckFile("--json", soakJson);
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
        string parent = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(parent))
        {
            // A directory that can be created holds a new file as well.
            CheckDirectory(option, parent);
            return;
        }

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

        // The check leaves nothing behind: a directory it had to create is removed again (the run creates it when it
        // writes), so a run refused later for another reason has changed nothing.
        string full = Path.GetFullPath(directory);
        string? created = null;
        for (string? d = full; d is not null && !Directory.Exists(d); d = Path.GetDirectoryName(d))
        {
            created = d;
        }

        try
        {
            Directory.CreateDirectory(full);
            string probe = Path.Combine(full, $".actorstack-write-check-{Environment.ProcessId}");
            File.WriteAllText(probe, string.Empty);
            File.Delete(probe);
            if (created is not null)
            {
                Directory.Delete(created, recursive: true);
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"{option} {directory}: cannot be written ({error.Message}).");
        }
    }
}
