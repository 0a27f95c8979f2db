using ActorStack.Fuzz;
using SharpFuzz;

// Under afl-fuzz (no arguments): SharpFuzz feeds each input to the target in this process.
// With paths: replays files (a corpus, or a crash afl-fuzz found) and reports each, exit 1 on the first failure.
if (args.Length == 0)
{
    Fuzzer.OutOfProcess.Run(stream =>
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        FrameTarget.Run(buffer.ToArray());
    });
    return 0;
}

int count = 0;
foreach (string path in args.SelectMany(a => Directory.Exists(a) ? Directory.EnumerateFiles(a, "*", SearchOption.AllDirectories) : [a]))
{
    try
    {
        FrameTarget.Run(File.ReadAllBytes(path));
        count++;
    }
    catch (Exception error)
    {
        Console.Error.WriteLine($"{path}: {error.Message}");
        return 1;
    }
}

Console.WriteLine($"{count} inputs replayed, every frame accounted for");
return 0;
