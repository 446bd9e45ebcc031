namespace Cog.Sdk.Tests;

/// <summary>The SDK files evaluate with an MSBuild older than SDK 8's 17.8, the oldest SDK the task assembly supports.</summary>
[TestClass]
public sealed class MSBuildFloorTests
{
    [TestMethod]
    public void TheInProcessEngineIsOlderThanSdk8()
    {
        Assert.IsTrue(InProcessEvaluator.EngineVersion < new Version(17, 8), $"Microsoft.Build {InProcessEvaluator.EngineVersion} is loaded");
        Assert.AreEqual(17, InProcessEvaluator.EngineVersion.Major);
    }

    [TestMethod]
    public void TheTaskAssemblyCompilesAgainstTheMSBuildOfSdk8()
    {
        // What restore resolved for the compiler (the task assembly ships no Microsoft.Build*, so only compile assets matter).
        var assets = Path.Combine(SdkPaths.RepoRoot, "src", "Cog.Build.Tasks", "obj", "project.assets.json");
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(assets));
        var libraries = document.RootElement.GetProperty("libraries").EnumerateObject().Select(l => l.Name).ToList();
        foreach (var package in new[] { "Microsoft.Build.Framework", "Microsoft.Build.Utilities.Core" })
        {
            var resolved = libraries.Single(l => l.StartsWith(package + "/", StringComparison.Ordinal));
            StringAssert.StartsWith(resolved, package + "/17.8.", "compiled against SDK 8's MSBuild");
        }
    }

    [TestMethod]
    public void EverySdkFileIsImported()
    {
        using var project = new ModelProject();
        using var collection = new Microsoft.Build.Evaluation.ProjectCollection();
        var evaluated = collection.LoadProject(project.ProjectFile);
        var imported = evaluated.Imports.Select(i => Path.GetFileName(i.ImportedProject.FullPath)).ToHashSet(StringComparer.Ordinal);

        var sdkFiles = Directory.EnumerateFiles(Path.Combine(SdkPaths.SdkRoot, "targets"))
            .Concat(Directory.EnumerateFiles(Path.Combine(SdkPaths.SdkRoot, "Sdk")))
            .Select(Path.GetFileName)
            .Where(f => f is not "Cog.Version.props");
        foreach (var file in sdkFiles)
        {
            Assert.IsTrue(imported.Contains(file!), $"{file} is imported; imports: {string.Join(", ", imported)}");
        }
    }
}
