namespace Cog.Sdk.Tests;

/// <summary>DependsOn lists, Before/After hooks and Directory.Build.targets behave as in Microsoft.Common projects.</summary>
[TestClass]
public sealed class ExtensionPointTests
{
    private static readonly string[] Verbs = ["Build", "Run", "Train", "Serve", "Exec", "Push", "Debug"];

    private static readonly string[] Lists = [.. Verbs.Select(v => $"Cog{v}DependsOn"), "BuildDependsOn", "CoreBuildDependsOn", "CleanDependsOn"];

    [TestMethod]
    [DataRow(MSBuildEngine.Oldest)]
    [DataRow(MSBuildEngine.Installed)]
    public async Task EveryVerbListRunsItsStepsBetweenItsHooks(MSBuildEngine engine)
    {
        using var project = new ModelProject();
        var evaluation = await project.EvaluateAsync(engine, Lists);

        foreach (var verb in Verbs)
        {
            var list = evaluation.List($"Cog{verb}DependsOn");
            Assert.AreEqual($"BeforeCog{verb}", list.First(n => !n.StartsWith('_')), $"Cog{verb}DependsOn: {string.Join(";", list)}");
            Assert.AreEqual($"AfterCog{verb}", list[^1], $"Cog{verb}DependsOn: {string.Join(";", list)}");
        }

        CollectionAssert.AreEqual(new[] { "_CogCheckMSBuildHost", "BeforeCogBuild", "_CogCollectBuildInputs", "_CogVerifyImage", "_CogBuildImage", "AfterCogBuild" },
            evaluation.List("CogBuildDependsOn").ToArray());
        CollectionAssert.AreEqual(new[] { "BeforeBuild", "CoreBuild", "AfterBuild" }, evaluation.List("BuildDependsOn").ToArray());
        CollectionAssert.AreEqual(new[] { "CogBuild" }, evaluation.List("CoreBuildDependsOn").ToArray());
        CollectionAssert.AreEqual(new[] { "_CogPushPrecheck", "CogBuild", "_CogPushImage" }, evaluation.List("CogPushDependsOn").Where(n => !n.Contains("CogPush", StringComparison.Ordinal) || n.StartsWith('_')).ToArray());
    }

    [TestMethod]
    [DataRow(MSBuildEngine.Oldest)]
    [DataRow(MSBuildEngine.Installed)]
    public async Task ListsExtendedInTheProjectBodyKeepTheirSteps(MSBuildEngine engine)
    {
        using var project = new ModelProject(Extend("Mine"));
        var evaluation = await project.EvaluateAsync(engine, Lists);

        foreach (var list in Lists)
        {
            var names = evaluation.List(list);
            Assert.AreEqual("Mine", names[^1], $"{list} ends with the project's addition: {string.Join(";", names)}");
            Assert.IsTrue(names.Count > 1, $"{list} kept the SDK's steps: {string.Join(";", names)}");
        }

        CollectionAssert.IsSubsetOf(new[] { "_CogBuildImage", "AfterCogBuild" }, evaluation.List("CogBuildDependsOn").ToArray());
        CollectionAssert.Contains(evaluation.List("CoreBuildDependsOn").ToArray(), "CogBuild");
    }

    [TestMethod]
    [DataRow(MSBuildEngine.Oldest)]
    [DataRow(MSBuildEngine.Installed)]
    public async Task DirectoryBuildTargetsComesAfterTheSdkAndExtendsItsLists(MSBuildEngine engine)
    {
        using var project = new ModelProject();
        project.Write("Directory.Build.targets", $"""
            <Project>
              {Extend("FromDirectoryBuildTargets")}
              <PropertyGroup>
                <SeenStamp>$(CogImageStampFile)</SeenStamp>
              </PropertyGroup>
            </Project>
            """);
        var evaluation = await project.EvaluateAsync(engine, [.. Lists, "SeenStamp", "DirectoryBuildTargetsPath"]);

        Assert.AreEqual(Path.Combine(project.Directory, "Directory.Build.targets"), evaluation.Property("DirectoryBuildTargetsPath"));
        StringAssert.EndsWith(evaluation.Property("SeenStamp"), "obj/cog/image.id", "the SDK's targets were evaluated before Directory.Build.targets");
        foreach (var list in Lists)
        {
            var names = evaluation.List(list);
            Assert.AreEqual("FromDirectoryBuildTargets", names[^1], $"{list}: {string.Join(";", names)}");
            Assert.IsTrue(names.Count > 1, $"{list} kept the SDK's steps: {string.Join(";", names)}");
        }
    }

    [TestMethod]
    [DataRow(MSBuildEngine.Oldest)]
    [DataRow(MSBuildEngine.Installed)]
    public async Task DirectoryBuildTargetsCanStillReplaceAList(MSBuildEngine engine)
    {
        using var project = new ModelProject();
        project.Write("Directory.Build.targets", "<Project><PropertyGroup><CogBuildDependsOn>OnlyMine</CogBuildDependsOn></PropertyGroup></Project>");
        var evaluation = await project.EvaluateAsync(engine, ["CogBuildDependsOn"]);
        Assert.AreEqual("OnlyMine", evaluation.Property("CogBuildDependsOn"));
    }

    [TestMethod]
    public async Task HooksAndAdditionsRunInOrder()
    {
        using var project = new ModelProject("""
              <PropertyGroup>
                <BuildDependsOn>$(BuildDependsOn);FromBody</BuildDependsOn>
              </PropertyGroup>
              <Target Name="FromBody"><Message Importance="high" Text="step: body addition" /></Target>
            """);
        project.Write("Directory.Build.targets", """
            <Project>
              <PropertyGroup>
                <CoreBuildDependsOn>$(CoreBuildDependsOn);FromDirectory</CoreBuildDependsOn>
              </PropertyGroup>
              <Target Name="BeforeBuild"><Message Importance="high" Text="step: BeforeBuild hook" /></Target>
              <Target Name="FromDirectory"><Message Importance="high" Text="step: core addition" /></Target>
              <Target Name="AfterBuild"><Message Importance="high" Text="step: AfterBuild hook" /></Target>
            </Project>
            """);

        var run = await project.RunAsync("-t:Build", "-p:CogBuildOnBuild=false", "-v:m");

        Assert.AreEqual(0, run.ExitCode, run.ToString());
        var steps = run.Output.Split('\n').Where(l => l.Contains("step: ", StringComparison.Ordinal)).Select(l => l.Trim()).ToArray();
        CollectionAssert.AreEqual(new[] { "step: BeforeBuild hook", "step: core addition", "step: AfterBuild hook", "step: body addition" }, steps, run.ToString());
    }

    private static string Extend(string target) =>
        "<PropertyGroup>" + string.Concat(Lists.Select(l => $"<{l}>$({l});{target}</{l}>")) + "</PropertyGroup>";
}
