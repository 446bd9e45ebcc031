namespace Cog.IntegrationTests.Cli;

/// <summary>The cog command's surface that needs no engine: help, version, usage errors (coded, exit 1, no stack trace).</summary>
[TestClass]
public sealed class CliUsageTests
{
    [ClassInitialize]
    public static async Task BuildLauncher(TestContext _) =>
        // The first call builds the cog command and packs Cog.Sdk; later calls only check that nothing changed.
        Assert.AreEqual(0, (await CogProcess.CogAsync(CogProcess.RepoRoot, "--version")).ExitCode);

    [TestMethod]
    public async Task VersionGoesToStdout()
    {
        var result = await CogProcess.CogAsync(CogProcess.RepoRoot, "--version");
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        StringAssert.StartsWith(result.Stdout, $"cog version {CogProcess.SdkVersion} (built ");
    }

    [TestMethod]
    public async Task EveryVerbHasHelp()
    {
        foreach (var verb in new[] { "init", "build", "run", "train", "exec", "serve", "push", "login", "debug", "predict" })
        {
            var result = await CogProcess.CogAsync(CogProcess.RepoRoot, verb, "--help");
            Assert.AreEqual(0, result.ExitCode, $"{verb}: {result}");
            StringAssert.Contains(result.Stdout, $"cog {verb}", verb);
            StringAssert.Contains(result.Stdout, "Flags:", verb);
        }

        var run = await CogProcess.CogAsync(CogProcess.RepoRoot, "run", "--help");
        StringAssert.Contains(run.Stdout, "-i, --input NAME=VALUE");
        StringAssert.Contains(run.Stdout, "--setup-timeout");
    }

    [TestMethod]
    public async Task UnknownVerbIsACodedError()
    {
        var result = await CogProcess.CogAsync(CogProcess.RepoRoot, "frobnicate");
        Assert.AreEqual(1, result.ExitCode);
        StringAssert.Contains(result.Stderr, "COG0110");
        Assert.AreEqual("", result.Stdout);
        Assert.IsFalse(result.Stderr.Contains("   at ", StringComparison.Ordinal), result.Stderr);
    }

    [TestMethod]
    public async Task FlagErrorsPrintUsage()
    {
        using var folder = ModelFolder.FromSample("hello");
        var missing = await CogProcess.CogAsync(folder.Path, "run", "-i");
        Assert.AreEqual(1, missing.ExitCode);
        StringAssert.Contains(missing.Stderr, "COG0112");
        StringAssert.Contains(missing.Stderr, "Usage:");

        var unknown = await CogProcess.CogAsync(folder.Path, "build", "--frob");
        Assert.AreEqual(1, unknown.ExitCode);
        StringAssert.Contains(unknown.Stderr, "COG0111");

        var gpus = await CogProcess.CogAsync(folder.Path, "run", "-i", "name=x", "--gpus", "lots");
        Assert.AreEqual(1, gpus.ExitCode);
        StringAssert.Contains(gpus.Stderr, "COG0117");

        var port = await CogProcess.CogAsync(folder.Path, "exec", "-p", "99999", "true");
        Assert.AreEqual(1, port.ExitCode);
        StringAssert.Contains(port.Stderr, "port must be between 1 and 65535");
    }

    [TestMethod]
    public async Task BadInputFormatFailsBeforeAnyBuild()
    {
        using var folder = ModelFolder.FromSample("hello");
        var result = await CogProcess.CogAsync(folder.Path, "run", "-i", "novalue");
        Assert.AreEqual(1, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Stderr, "COG2001");
        Assert.IsFalse(result.Stderr.Contains("Building Docker image", StringComparison.Ordinal), result.Stderr);
    }

    [TestMethod]
    public async Task MissingConfigIsACodedError()
    {
        using var folder = ModelFolder.Empty("noconfig");
        var result = await CogProcess.CogAsync(folder.Path, "build");
        Assert.AreEqual(1, result.ExitCode);
        StringAssert.Contains(result.Stderr, "COG1001");
    }

    [TestMethod]
    public async Task LauncherRunsInAnotherFolderWithDashC()
    {
        using var folder = ModelFolder.Empty("dashc");
        var result = await CogProcess.RunAsync("bash", [CogProcess.Launcher, "-C", folder.Path, "build"], "/");
        Assert.AreEqual(1, result.ExitCode);
        StringAssert.Contains(result.Stderr, folder.Path, "the config search started in the -C folder");
    }
}
