namespace Cog.IntegrationTests.Cli;

/// <summary>cog init writes a runnable model and never overwrites; the new folder then runs (real engine).</summary>
[TestClass]
public sealed class InitTests
{
    [TestMethod]
    public async Task InitThenRun()
    {
        using var folder = ModelFolder.Empty("init");
        folder.Write("run.py", "# mine\n");

        var init = await CogProcess.CogAsync(folder.Path, "init");
        Assert.AreEqual(0, init.ExitCode, init.ToString());
        StringAssert.Contains(init.Stderr, "Skipped existing run.py");
        StringAssert.Contains(init.Stderr, "Creating cog.yaml");
        StringAssert.Contains(init.Stderr, $"Creating {folder.Name}.cogproj");
        Assert.AreEqual("# mine\n", folder.Read("run.py"), "existing files are never overwritten");
        StringAssert.Contains(folder.Read($"{folder.Name}.cogproj"), $"Sdk=\"Cog.Sdk/{CogProcess.SdkVersion}\"");
        Assert.IsTrue(folder.Exists(".dockerignore"));

        File.Delete(Path.Combine(folder.Path, "run.py"));
        Assert.AreEqual(0, (await CogProcess.CogAsync(folder.Path, "init")).ExitCode);
        var run = await CogProcess.CogAsync(folder.Path, "run", "-i", "text=hello");
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        Assert.AreEqual("echo: hello\n", run.Stdout);
    }
}
