namespace Cog.IntegrationTests.Cli;

/// <summary>cog --binlog writes MSBuild's binary log of the verb's build, with the engine's step lines in it.</summary>
[TestClass]
public sealed class BinaryLogTests
{
    [TestMethod]
    public async Task BinlogFlagWritesAReplayableLog()
    {
        using var folder = ModelFolder.FromSample("hello");
        var log = Path.Combine(folder.Path, "logs", "build.binlog");

        var build = await CogProcess.CogAsync(folder.Path, $"--binlog={log}", "build", "--use-cog-base-image=false");
        Assert.AreEqual(0, build.ExitCode, build.ToString());
        Assert.IsTrue(File.Exists(log), build.ToString());

        var replay = await CogProcess.RunAsync("dotnet", ["msbuild", log, "-v:n", "-nologo"], folder.Path);
        Assert.AreEqual(0, replay.ExitCode, replay.ToString());
        StringAssert.Contains(replay.Stdout, "Building Docker image from environment in cog.yaml");
        StringAssert.Contains(replay.Stdout, "_CogBuildImage");

        var defaultName = await CogProcess.CogAsync(folder.Path, "build", "--binlog", "--use-cog-base-image=false");
        Assert.AreEqual(0, defaultName.ExitCode, defaultName.ToString());
        Assert.IsTrue(File.Exists(Path.Combine(folder.Path, "msbuild.binlog")), "--binlog without a path writes msbuild.binlog");
    }
}
