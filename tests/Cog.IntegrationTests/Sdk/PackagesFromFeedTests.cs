using System.IO.Compression;
using System.Xml.Linq;
using Cog.IntegrationTests.Cli;

namespace Cog.IntegrationTests.Sdk;

/// <summary>
/// The two packages as users get them: packed once into a temporary feed under a unique version (so no NuGet cache can
/// serve a stale copy), then the Cog.Cli tool installed from it and Cog.Sdk resolved from it, each with its own package cache.
/// </summary>
[TestClass]
public sealed class PackagesFromFeedTests
{
    private static string s_root = "";
    private static string s_feed = "";
    private static string s_version = "";

    [ClassInitialize]
    public static async Task PackIntoATemporaryFeed(TestContext _)
    {
        s_root = Directory.CreateTempSubdirectory("cog-feed-").FullName;
        s_feed = Path.Combine(s_root, "feed");
        s_version = $"{CogProcess.SdkVersion}.feedtest.{Guid.NewGuid().ToString("N")[..8]}";
        foreach (var project in new[] { "src/Cog.Cli/Cog.Cli.csproj", "src/Cog.Sdk/Cog.Sdk.csproj" })
        {
            var pack = await CogProcess.RunAsync("dotnet",
                ["pack", Path.Combine(CogProcess.RepoRoot, project), "-c", "Release", "--artifacts-path", Path.Combine(s_root, "artifacts"), "-o", s_feed,
                 $"-p:CogVersion={s_version}", "-nologo", "-v:q", "-clp:NoSummary"],
                CogProcess.RepoRoot, timeout: TimeSpan.FromMinutes(8));
            Assert.AreEqual(0, pack.ExitCode, pack.ToString());
        }

        File.WriteAllText(Path.Combine(s_root, "nuget.config"),
            $"""<configuration><packageSources><clear /><add key="cog-test-feed" value="{s_feed}" /></packageSources></configuration>""");
    }

    [ClassCleanup]
    public static void DeleteFeed()
    {
        try
        {
            Directory.Delete(s_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [TestMethod]
    public async Task InstalledToolRunsAPredictionOutsideTheRepoWithItsBundledSdk()
    {
        var tools = Path.Combine(s_root, "tools");
        var install = await Isolated("dotnet", ["tool", "install", "Cog.Cli", "--tool-path", tools, "--configfile", Path.Combine(s_root, "nuget.config"), "--version", s_version], s_root);
        Assert.AreEqual(0, install.ExitCode, install.ToString());
        var cog = Path.Combine(tools, "cog");
        StringAssert.Contains((await Isolated(cog, ["--version"], s_root)).Stdout, s_version);

        // An upstream Cog project (cog.yaml and run.py only) in /tmp, far from this checkout and its feed.
        using var folder = ModelFolder.FromSample("hello", withProject: false);
        var run = await Isolated(cog, ["run", "-i", "name=Tool", "--use-cog-base-image=false"], folder.Path);

        Assert.AreEqual(0, run.ExitCode, run.ToString());
        Assert.AreEqual("hello Tool\n", run.Stdout);
        var implicitProject = File.ReadAllText(Directory.GetFiles(Path.Combine(folder.Path, ".cog"), "*.cogproj").Single());
        StringAssert.Contains(implicitProject, Path.Combine(tools, ".store", "cog.cli"), "the tool imports the SDK it carries");
        Assert.IsFalse(implicitProject.Contains(CogProcess.RepoRoot, StringComparison.Ordinal));
    }

    [TestMethod]
    public async Task SdkResolvesFromTheFeedByTheVersionInTheSdkAttribute()
    {
        using var folder = ModelFolder.FromSample("hello", withProject: false);
        folder.Write("hello.cogproj", $"""<Project Sdk="Cog.Sdk/{s_version}" />""");
        File.Copy(Path.Combine(s_root, "nuget.config"), Path.Combine(folder.Path, "nuget.config"));
        await AssertResolvedFromTheFeed(folder);
    }

    [TestMethod]
    public async Task SdkResolvesFromTheFeedByGlobalJson()
    {
        using var folder = ModelFolder.FromSample("hello", withProject: false);
        folder.Write("hello.cogproj", """<Project Sdk="Cog.Sdk" />""");
        folder.Write("global.json", $$"""{ "msbuild-sdks": { "Cog.Sdk": "{{s_version}}" } }""");
        File.Copy(Path.Combine(s_root, "nuget.config"), Path.Combine(folder.Path, "nuget.config"));
        await AssertResolvedFromTheFeed(folder);
    }

    [TestMethod]
    public async Task PublishForOneRuntimeGivesARunnableCommandWithItsSdk()
    {
        var output = Path.Combine(s_root, "publish");
        var publish = await CogProcess.RunAsync("dotnet",
            ["publish", Path.Combine(CogProcess.RepoRoot, "src", "Cog.Cli", "Cog.Cli.csproj"), "-r", "linux-x64", "--artifacts-path", Path.Combine(s_root, "artifacts"),
             "-o", output, $"-p:CogVersion={s_version}", "-nologo", "-v:q", "-clp:NoSummary"],
            CogProcess.RepoRoot, timeout: TimeSpan.FromMinutes(8));

        Assert.AreEqual(0, publish.ExitCode, publish.ToString());
        Assert.IsTrue(File.Exists(Path.Combine(output, "sdk", "Sdk", "Sdk.props")));
        Assert.IsTrue(File.Exists(Path.Combine(output, "sdk", "tasks", "net8.0", "Cog.Build.Tasks.dll")));
        var version = await CogProcess.RunAsync(Path.Combine(output, "cog"), ["--version"], s_root);
        StringAssert.Contains(version.Stdout, s_version, version.ToString());
    }

    [TestMethod]
    [DataRow("Cog.Cli", "DotnetTool")]
    [DataRow("Cog.Sdk", "MSBuildSdk")]
    public void PackagesCarryTheirMetadata(string id, string packageType)
    {
        using var zip = ZipFile.OpenRead(Path.Combine(s_feed, $"{id}.{s_version}.nupkg"));
        var files = zip.Entries.Select(e => e.FullName).ToHashSet();
        using var stream = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        var metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value ?? "";
        XElement Element(string name) => metadata.Elements().Single(e => e.Name.LocalName == name);

        Assert.IsTrue(Value("description").Length > 40, Value("description"));
        Assert.AreEqual("README.md", Value("readme"));
        Assert.IsTrue(files.Contains("README.md"), "the readme is in the package");
        Assert.AreEqual("expression", Element("license").Attribute("type")!.Value);
        Assert.AreEqual("MIT", Value("license"));
        StringAssert.StartsWith(Element("repository").Attribute("url")!.Value, "https://");
        StringAssert.Contains(Value("tags"), "cog");
        StringAssert.Contains(Element("packageTypes").ToString(), $"name=\"{packageType}\"");
        if (id == "Cog.Cli")
        {
            foreach (var payload in new[] { "sdk/Sdk/Sdk.props", "sdk/targets/Cog.Build.targets", "sdk/tasks/net8.0/Cog.Build.Tasks.dll", "sdk/runtime/cog/__init__.py" })
            {
                Assert.IsTrue(files.Contains("tools/net10.0/any/" + payload), $"the tool carries {payload}");
            }
        }
    }

    private static async Task AssertResolvedFromTheFeed(ModelFolder folder)
    {
        var packages = Path.Combine(folder.Path, "packages");
        var evaluation = await Isolated("dotnet", ["msbuild", "hello.cogproj", "-getProperty:CogSdkVersion,CogSdkRoot,UsingCogSdk", "-nologo"], folder.Path, packages);

        Assert.AreEqual(0, evaluation.ExitCode, evaluation.ToString());
        StringAssert.Contains(evaluation.Stdout, $"\"CogSdkVersion\": \"{s_version}\"");
        StringAssert.Contains(evaluation.Stdout, $"\"CogSdkRoot\": \"{Path.Combine(packages, "cog.sdk", s_version)}/\"");
        StringAssert.Contains(evaluation.Stdout, "\"UsingCogSdk\": \"true\"");
    }

    /// <summary>A process with its own NuGet package cache, so nothing comes from the cache the rest of the tests share.</summary>
    private static Task<ProcessResult> Isolated(string fileName, string[] arguments, string workingDirectory, string? packages = null) =>
        CogProcess.RunAsync(fileName, arguments, workingDirectory,
            environment: new Dictionary<string, string> { ["NUGET_PACKAGES"] = packages ?? Path.Combine(s_root, "packages") });
}
