using System.IO.Compression;
using Cog.IntegrationTests.Cli;

namespace Cog.IntegrationTests.Sdk;

/// <summary>The Cog.Sdk package eng/pack.sh puts in artifacts/feed: an MSBuildSdk with targets, tasks and the runtime.</summary>
[TestClass]
public sealed class SdkPackageTests
{
    [TestMethod]
    public async Task PackageHoldsSdkTasksAndRuntime()
    {
        var pack = await CogProcess.RunAsync("bash", [Path.Combine(CogProcess.RepoRoot, "eng", "pack.sh")], CogProcess.RepoRoot);
        Assert.AreEqual(0, pack.ExitCode, pack.ToString());
        var package = Path.Combine(CogProcess.RepoRoot, "artifacts", "feed", $"Cog.Sdk.{CogProcess.SdkVersion}.nupkg");
        using var zip = ZipFile.OpenRead(package);
        var files = zip.Entries.Select(e => e.FullName).ToHashSet();

        foreach (var expected in new[]
        {
            "Sdk/Sdk.props", "Sdk/Sdk.targets", "targets/Cog.Defaults.props", "targets/Cog.Version.props", "targets/Cog.Tasks.targets",
            "targets/Cog.Common.targets", "targets/Cog.Build.targets", "targets/Cog.Run.targets", "targets/Cog.Push.targets",
            "targets/Cog.Items.props", "targets/Cog.ProjectReference.targets", "targets/Cog.DesignTime.targets", "targets/Cog.Containers.targets",
            "targets/Cog.Warnings.targets", "README.md",
            "tasks/net8.0/Cog.Build.Tasks.dll", "tasks/net8.0/Cog.Build.Tasks.deps.json", "tasks/net8.0/YamlDotNet.dll",
            "tasks/net8.0/Docker.DotNet.dll", "tasks/net8.0/NuGet.Versioning.dll",
            "runtime/cog/__init__.py", "runtime/cog/server/http.py", "runtime/cog/command/openapi_schema.py",
        })
        {
            Assert.IsTrue(files.Contains(expected), $"{expected} is in the package; it has: {string.Join(", ", files.Order())}");
        }

        Assert.IsFalse(files.Any(f => f.Contains("Microsoft.Build", StringComparison.Ordinal) && f.EndsWith(".dll", StringComparison.Ordinal)),
            "MSBuild's own assemblies come from the running MSBuild, never from the package");
        Assert.IsFalse(files.Any(f => f.Contains("__pycache__", StringComparison.Ordinal) || f.EndsWith(".pyc", StringComparison.Ordinal)));
        Assert.IsFalse(files.Any(f => f.StartsWith("lib/", StringComparison.Ordinal)), "an SDK package has no lib/ folder");

        using var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        var manifest = await nuspec.ReadToEndAsync();
        StringAssert.Contains(manifest, "<packageType name=\"MSBuildSdk\" />");
        StringAssert.Contains(manifest, $"<version>{CogProcess.SdkVersion}</version>");
    }
}
