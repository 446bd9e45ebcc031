namespace Cog.IntegrationTests.Cli;

/// <summary>
/// A dev verb on an unchanged project reuses the kept container plan without starting MSBuild, and any change to what
/// the plan came from (cog.yaml, a build flag, the kept dev image stamp) sends it through MSBuild again (real engine).
/// </summary>
[TestClass]
public sealed class PlanCacheTests
{
    private const string Kept = "using its plan without MSBuild";

    [TestMethod]
    public async Task UnchangedProjectSkipsMSBuildAndChangesDoNot()
    {
        using var folder = ModelFolder.FromSample("hello");
        var first = await CogProcess.CogAsync(folder.Path, "--debug", "run", "-i", "name=one");
        Assert.AreEqual(0, first.ExitCode, first.ToString());
        Assert.IsFalse(first.Stderr.Contains(Kept, StringComparison.Ordinal), "the first run goes through MSBuild");

        var second = await CogProcess.CogAsync(folder.Path, "--debug", "run", "-i", "name=two");
        Assert.AreEqual(0, second.ExitCode, second.ToString());
        Assert.AreEqual("hello two\n", second.Stdout);
        StringAssert.Contains(second.Stderr, Kept, "nothing changed, so no MSBuild");

        // An edited cog.yaml is a dev image input.
        var config = Path.Combine(folder.Path, "cog.yaml");
        File.WriteAllText(config, File.ReadAllText(config) + "\n# edited\n");
        var edited = await CogProcess.CogAsync(folder.Path, "--debug", "run", "-i", "name=three");
        Assert.AreEqual(0, edited.ExitCode, edited.ToString());
        Assert.AreEqual("hello three\n", edited.Stdout);
        StringAssert.Contains(edited.Stderr, "cog.yaml changed");

        // A stamp naming another image (the dev image was rebuilt outside the cog command) is not trusted.
        var again = await CogProcess.CogAsync(folder.Path, "--debug", "run", "-i", "name=four");
        StringAssert.Contains(again.Stderr, Kept, again.ToString());
        var stamp = Directory.GetFiles(folder.Path, "dev-image.id", SearchOption.AllDirectories).Single();
        var original = File.ReadAllLines(stamp);
        File.WriteAllLines(stamp, ["sha256:" + new string('0', 64), .. original.Skip(1)]);
        File.SetLastWriteTimeUtc(stamp, DateTime.UtcNow.AddHours(-1));
        var rebuilt = await CogProcess.CogAsync(folder.Path, "--debug", "run", "-i", "name=five");
        Assert.AreEqual(0, rebuilt.ExitCode, rebuilt.ToString());
        StringAssert.Contains(rebuilt.Stderr, "the dev image was rebuilt", rebuilt.ToString());

        // A different build flag is a different request.
        var flagged = await CogProcess.CogAsync(folder.Path, "--debug", "run", "--progress", "plain", "-i", "name=six");
        Assert.AreEqual(0, flagged.ExitCode, flagged.ToString());
        StringAssert.Contains(flagged.Stderr, "other properties", "other properties: MSBuild again");
    }
}
