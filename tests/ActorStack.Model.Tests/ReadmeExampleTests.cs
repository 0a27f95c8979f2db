namespace ActorStack.Model.Tests;

/// <summary>README's actor-test example is this repository's example test, word for word.</summary>
public class ReadmeExampleTests
{
    [Fact]
    public void Readme_ShowsTheExampleTestAsItIs()
    {
        string root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "ActorStack.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("repository root not found");
        }

        string example = File.ReadAllText(Path.Combine(root, "tests/ActorStack.Model.Tests/Examples/ReceivePathExampleTests.cs")).ReplaceLineEndings("\n").Trim();
        string readme = File.ReadAllText(Path.Combine(root, "README.md")).ReplaceLineEndings("\n");
        Assert.Contains(example, readme, StringComparison.Ordinal);
    }
}
