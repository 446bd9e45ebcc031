using Cog.IntegrationTests.Cli;

namespace Cog.IntegrationTests.Sdk;

/// <summary>.cogproj projects under plain dotnet build / msbuild / test (real engine, SDK from the local feed).</summary>
[TestClass]
public sealed class DotnetBuildTests
{
    [ClassInitialize]
    public static async Task PackSdk(TestContext _) =>
        Assert.AreEqual(0, (await CogProcess.CogAsync(CogProcess.RepoRoot, "--version")).ExitCode, "./cog builds and packs Cog.Sdk");

    [TestMethod]
    [DataRow("hello")]
    [DataRow("images")]
    [DataRow("stream")]
    [DataRow("train")]
    public async Task BuildMakesTheImageAndASecondBuildIsANoOp(string sample)
    {
        using var folder = ModelFolder.FromSample(sample);
        var project = $"{sample}.cogproj";
        var first = await Dotnet(folder, "build", project, "-tl:off", "-v:n");
        Assert.AreEqual(0, first.ExitCode, first.ToString());
        StringAssert.Contains(first.Stdout, "Building Docker image from environment in cog.yaml");
        Assert.IsTrue(await DockerCli.ImageExistsAsync(folder.ImageName), first.ToString());
        StringAssert.Contains(await DockerCli.LabelAsync(folder.ImageName, "run.cog.config"), "\"predict\":\"", "the release image is labelled (the label keys the runner as predict)");
        var stamp = File.ReadAllLines(Path.Combine(folder.Path, "obj", "cog", "image.id"));
        StringAssert.StartsWith(stamp[0], "sha256:");

        var second = await Dotnet(folder, "build", project, "-tl:off", "-v:n");
        Assert.AreEqual(0, second.ExitCode, second.ToString());
        Assert.IsFalse(second.Stdout.Contains("Building Docker image", StringComparison.Ordinal), "no engine build the second time:\n" + second.Stdout);
        StringAssert.Contains(second.Stdout, "Skipping target \"_CogBuildImage\" because all output files are up-to-date");

        // Editing model code makes the release image stale again.
        File.AppendAllText(Path.Combine(folder.Path, "run.py"), "\n# edited\n");
        var third = await Dotnet(folder, "build", project, "-tl:off", "-v:n");
        Assert.AreEqual(0, third.ExitCode, third.ToString());
        StringAssert.Contains(third.Stdout, "Building Docker image from environment in cog.yaml");
    }

    [TestMethod]
    public async Task RemovedImageIsBuiltAgainAndCleanRemovesIt()
    {
        using var folder = ModelFolder.FromSample("hello");
        Assert.AreEqual(0, (await Dotnet(folder, "build", "hello.cogproj")).ExitCode);
        await CogProcess.RunAsync("docker", ["rmi", "-f", folder.ImageName], "/");

        var rebuilt = await Dotnet(folder, "build", "hello.cogproj", "-tl:off", "-v:n");
        Assert.AreEqual(0, rebuilt.ExitCode, rebuilt.ToString());
        StringAssert.Contains(rebuilt.Stdout, "Building Docker image", "the stamp was dropped because its image was gone");
        Assert.IsTrue(await DockerCli.ImageExistsAsync(folder.ImageName));

        var clean = await Dotnet(folder, "clean", "hello.cogproj", "-p:CogCleanImage=true");
        Assert.AreEqual(0, clean.ExitCode, clean.ToString());
        Assert.IsFalse(File.Exists(Path.Combine(folder.Path, "obj", "cog", "image.id")));
        Assert.IsFalse(await DockerCli.ImageExistsAsync(folder.ImageName), "CogCleanImage removes the image");
    }

    [TestMethod]
    public async Task CogRunTargetWithCogInputItems()
    {
        using var folder = ModelFolder.FromSample("hello");
        folder.Write("hello.cogproj", """
            <Project Sdk="Cog.Sdk">
              <ItemGroup>
                <CogInput Include="name=from an item" />
              </ItemGroup>
            </Project>
            """);
        var result = await Dotnet(folder, "msbuild", "hello.cogproj", "-t:CogRun", "-tl:off", "-v:m");
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Stdout, "hello from an item");

        // Items accumulate (a repeated name is a list), so the command-line form runs on a project without items.
        folder.Write("hello.cogproj", "<Project Sdk=\"Cog.Sdk\" />");
        var fromCommandLine = await Dotnet(folder, "msbuild", "hello.cogproj", "-t:CogRun", "-tl:off", "-v:m", "-p:CogInput=name=cli%3Bsemicolon");
        Assert.AreEqual(0, fromCommandLine.ExitCode, fromCommandLine.ToString());
        StringAssert.Contains(fromCommandLine.Stdout, "hello cli;semicolon");
    }

    [TestMethod]
    public async Task DesignTimeBuildsNeverBuildImages()
    {
        using var folder = ModelFolder.FromSample("hello");
        var result = await Dotnet(folder, "msbuild", "hello.cogproj", "-t:Build", "-p:DesignTimeBuild=true", "-tl:off", "-v:n");
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.IsFalse(result.Stdout.Contains("Building Docker image", StringComparison.Ordinal));
        Assert.IsFalse(File.Exists(Path.Combine(folder.Path, "obj", "cog", "image.id")));
    }

    [TestMethod]
    public async Task SolutionBuildAndTestWithACogproj()
    {
        using var folder = ModelFolder.FromSample("hello");
        Assert.AreEqual(0, (await Dotnet(folder, "new", "sln", "-n", "models", "--format", "sln")).ExitCode);
        var add = await Dotnet(folder, "sln", "models.sln", "add", "hello.cogproj");
        Assert.AreEqual(0, add.ExitCode, add.ToString());

        var build = await Dotnet(folder, "build", "models.sln");
        Assert.AreEqual(0, build.ExitCode, build.ToString());
        Assert.IsTrue(await DockerCli.ImageExistsAsync(folder.ImageName));
        Assert.IsFalse(build.Stdout.Contains("warning", StringComparison.OrdinalIgnoreCase) && build.Stdout.Contains("NU1503", StringComparison.Ordinal), build.Stdout);

        var rebuild = await Dotnet(folder, "build", "models.sln", "-t:Rebuild");
        Assert.AreEqual(0, rebuild.ExitCode, rebuild.ToString());

        var test = await Dotnet(folder, "test", "models.sln");
        Assert.IsFalse(test.Stdout.Contains("error", StringComparison.OrdinalIgnoreCase), test.ToString());
    }

    private static Task<ProcessResult> Dotnet(ModelFolder folder, params string[] arguments) =>
        CogProcess.RunAsync("dotnet", arguments, folder.Path);
}
