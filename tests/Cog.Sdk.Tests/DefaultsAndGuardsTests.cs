namespace Cog.Sdk.Tests;

/// <summary>Every default yields to the project, Directory.Build.props and -p:, and design-time builds never build images.</summary>
[TestClass]
public sealed class DefaultsAndGuardsTests
{
    [TestMethod]
    [DataRow(MSBuildEngine.Oldest)]
    [DataRow(MSBuildEngine.Installed)]
    public async Task DefaultsApplyWhenNothingIsSet(MSBuildEngine engine)
    {
        using var project = new ModelProject();
        var evaluation = await project.EvaluateAsync(engine, ["UsingCogSdk", "CogConfigFile", "CogPort", "CogBuildOnBuild", "CogProjectDirectory", "CogImageStampFile"]);

        Assert.AreEqual("true", evaluation.Property("UsingCogSdk"));
        Assert.AreEqual("cog.yaml", evaluation.Property("CogConfigFile"));
        Assert.AreEqual("5000", evaluation.Property("CogPort"));
        Assert.AreEqual("true", evaluation.Property("CogBuildOnBuild"));
        Assert.AreEqual(project.Directory + "/", evaluation.Property("CogProjectDirectory"));
        Assert.AreEqual(Path.Combine(project.Directory, "obj", "cog", "image.id"), evaluation.Property("CogImageStampFile"));
    }

    [TestMethod]
    [DataRow(MSBuildEngine.Oldest)]
    [DataRow(MSBuildEngine.Installed)]
    public async Task DirectoryBuildPropsTheBodyAndGlobalPropertiesWin(MSBuildEngine engine)
    {
        using var project = new ModelProject("<PropertyGroup><CogSetupTimeout>42</CogSetupTimeout></PropertyGroup>");
        project.Write("Directory.Build.props", "<Project><PropertyGroup><CogPort>6001</CogPort><CogConfigFile>other.yaml</CogConfigFile></PropertyGroup></Project>");
        var evaluation = await project.EvaluateAsync(engine, ["CogPort", "CogConfigFile", "CogSetupTimeout"],
            globalProperties: new Dictionary<string, string> { ["CogConfigFile"] = "from-command-line.yaml" });

        Assert.AreEqual("6001", evaluation.Property("CogPort"));
        Assert.AreEqual("42", evaluation.Property("CogSetupTimeout"));
        Assert.AreEqual("from-command-line.yaml", evaluation.Property("CogConfigFile"));
    }

    [TestMethod]
    [DataRow(MSBuildEngine.Oldest)]
    [DataRow(MSBuildEngine.Installed)]
    public async Task BuildLeavesCogBuildOutWhenAskedOrInDesignTimeBuilds(MSBuildEngine engine)
    {
        using var project = new ModelProject();
        var optedOut = await project.EvaluateAsync(engine, ["CoreBuildDependsOn"], globalProperties: new Dictionary<string, string> { ["CogBuildOnBuild"] = "false" });
        var designTime = await project.EvaluateAsync(engine, ["CoreBuildDependsOn"], globalProperties: new Dictionary<string, string> { ["DesignTimeBuild"] = "true" });

        CollectionAssert.DoesNotContain(optedOut.List("CoreBuildDependsOn").ToArray(), "CogBuild");
        CollectionAssert.DoesNotContain(designTime.List("CoreBuildDependsOn").ToArray(), "CogBuild");
    }

    [TestMethod]
    [DataRow(MSBuildEngine.Oldest)]
    [DataRow(MSBuildEngine.Installed)]
    public async Task DirectoryBuildFilesCanBeTurnedOff(MSBuildEngine engine)
    {
        using var project = new ModelProject();
        project.Write("Directory.Build.props", "<Project><PropertyGroup><FromProps>yes</FromProps></PropertyGroup></Project>");
        project.Write("Directory.Build.targets", "<Project><PropertyGroup><FromTargets>yes</FromTargets></PropertyGroup></Project>");
        var on = await project.EvaluateAsync(engine, ["FromProps", "FromTargets"]);
        var off = await project.EvaluateAsync(engine, ["FromProps", "FromTargets"], globalProperties: new Dictionary<string, string>
        {
            ["ImportDirectoryBuildProps"] = "false",
            ["ImportDirectoryBuildTargets"] = "false",
        });

        Assert.AreEqual("yes", on.Property("FromProps"));
        Assert.AreEqual("yes", on.Property("FromTargets"));
        Assert.AreEqual("", off.Property("FromProps"));
        Assert.AreEqual("", off.Property("FromTargets"));
    }
}
