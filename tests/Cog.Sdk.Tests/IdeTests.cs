namespace Cog.Sdk.Tests;

/// <summary>What an IDE sees: the model's files as items, and design-time targets that succeed without the Docker engine.</summary>
[TestClass]
public sealed class IdeTests
{
    /// <summary>The targets Visual Studio's project system and C# Dev Kit run while loading a project.</summary>
    private static readonly string[] DesignTimeTargets =
    [
        "CompileDesignTime", "ResolveAssemblyReferencesDesignTime", "ResolveProjectReferencesDesignTime", "ResolveProjectReferencesDesignTime2",
        "ResolveComReferencesDesignTime", "ResolveFrameworkReferencesDesignTime", "ResolvePackageDependenciesDesignTime", "CollectPackageReferences",
        "CollectPackageDownloads", "CollectFrameworkReferences", "CollectCentralPackageVersions", "CollectNuGetAuditSuppressions",
        "CollectUpToDateCheckInputDesignTime", "CollectUpToDateCheckOutputDesignTime", "CollectUpToDateCheckBuiltDesignTime",
        "CollectAnalyzersDesignTime", "CollectSuggestedWorkloads", "GenerateSupportedTargetFrameworkAlias",
        "GetTargetPath", "GetTargetFrameworks", "Restore", "Build",
    ];

    [TestMethod]
    [DataRow(MSBuildEngine.Oldest)]
    [DataRow(MSBuildEngine.Installed)]
    public async Task ModelFilesAreNoneItems(MSBuildEngine engine)
    {
        using var project = new ModelProject();
        project.Write("requirements.txt", "numpy==2.1.3\n");
        project.Write(".dockerignore", "weights/\n");
        project.Write("lib/helpers.py", "X = 1\n");
        project.Write("obj/generated.py", "");
        project.Write(".cog/tmp/x.py", "");
        project.Write("lib/__pycache__/helpers.py", "");
        project.Write("weights/model.bin", "");

        var evaluation = await project.EvaluateAsync(engine, ["DisableFastUpToDateCheck"], ["None"]);
        var files = evaluation.Items("None").Select(i => Path.GetRelativePath(project.Directory, i.Identity)).Order(StringComparer.Ordinal).ToArray();

        CollectionAssert.AreEqual(new[] { ".dockerignore", "cog.yaml", "lib/helpers.py", "requirements.txt", "run.py" }, files);
        Assert.AreEqual("true", evaluation.Property("DisableFastUpToDateCheck"));
    }

    [TestMethod]
    [DataRow(MSBuildEngine.Oldest)]
    [DataRow(MSBuildEngine.Installed)]
    public async Task DefaultItemsCanBeTurnedOff(MSBuildEngine engine)
    {
        using var project = new ModelProject();
        var evaluation = await project.EvaluateAsync(engine, ["CogConfigFile"], ["None"], new Dictionary<string, string> { ["EnableDefaultNoneItems"] = "false" });
        Assert.AreEqual(0, evaluation.Items("None").Count);
    }

    [TestMethod]
    public async Task DesignTimeTargetsSucceedWithoutTheEngine()
    {
        using var project = new ModelProject();
        var run = await project.RunAsync(
            "-t:" + string.Join(";", DesignTimeTargets), "-v:diag",
            "-p:DesignTimeBuild=true", "-p:BuildingInsideVisualStudio=true", "-p:SkipCompilerExecution=true", "-p:ProvideCommandLineArgs=true");

        Assert.AreEqual(0, run.ExitCode, run.ToString());
        foreach (var target in DesignTimeTargets)
        {
            StringAssert.Contains(run.Output, $"Done building target \"{target}\"", "ran " + target);
        }

        // No Cog task ran, so nothing could have asked the engine anything.
        var cogTaskLoads = run.Output.Split('\n').Where(l => l.Contains("task from assembly", StringComparison.Ordinal) && l.Contains("Cog.Build.Tasks", StringComparison.Ordinal));
        Assert.AreEqual(0, cogTaskLoads.Count(), "no task from the Cog task assembly was loaded: " + string.Join("\n", cogTaskLoads));

        // The same Build outside a design-time build does go to the engine (and fails: nothing listens there).
        var control = await project.RunAsync("-t:Build", "-v:n", $"-p:CogTasksAssembly={SdkPaths.TasksAssembly}", $"-p:CogRuntimePath={SdkPaths.RuntimePath}");
        Assert.AreNotEqual(0, control.ExitCode, control.ToString());
        StringAssert.Contains(control.Output, DotnetMSBuild.UnreachableDockerHost.Replace("tcp://", "", StringComparison.Ordinal), control.ToString());
        Assert.IsFalse(File.Exists(Path.Combine(project.Directory, "obj", "cog", "image.id")));
    }

    [TestMethod]
    public async Task GetTargetPathReportsTheBuiltImageFromItsStamp()
    {
        using var project = new ModelProject("<PropertyGroup><CogImageTags>1;latest</CogImageTags></PropertyGroup>");
        project.Write("obj/cog/image.id", "sha256:0123abcd\nregistry.example.com:5000/team/model:1\n");
        project.Write("obj/cog/pushed.txt", "sha256:0123abcd\nsha256:feedbeef\n");

        var evaluation = await DotnetMSBuild.EvaluateAsync(project.ProjectFile, new Dictionary<string, string>(), [], ["CogGeneratedImage"], target: "GetTargetPath");
        var image = evaluation.Items("CogGeneratedImage").Single();

        Assert.AreEqual("sha256:0123abcd", image.Identity);
        Assert.AreEqual("registry.example.com:5000/team/model:1", image.Get("ImageName"));
        Assert.AreEqual("registry.example.com:5000/team/model", image.Get("Repository"));
        Assert.AreEqual("1;latest", image.Get("Tags"));
        Assert.AreEqual("sha256:feedbeef", image.Get("Digest"));
        Assert.AreEqual("false", image.Get("ResolveableAssembly"), "a referencing project's compiler never sees it");
    }

    [TestMethod]
    public async Task APushOfAnOlderImageGivesNoDigest()
    {
        using var project = new ModelProject();
        project.Write("obj/cog/image.id", "sha256:new\ncog-model\n");
        project.Write("obj/cog/pushed.txt", "sha256:old\nsha256:feedbeef\n");

        var evaluation = await DotnetMSBuild.EvaluateAsync(project.ProjectFile, new Dictionary<string, string>(), [], ["CogGeneratedImage"], target: "GetTargetPath");
        Assert.AreEqual("", evaluation.Items("CogGeneratedImage").Single().Get("Digest"));
    }
}
