namespace Cog.Sdk.Tests;

/// <summary>NoWarn, WarningsAsErrors, WarningsNotAsErrors and TreatWarningsAsErrors reach MSBuild's own switches, as in Microsoft.Common.</summary>
[TestClass]
public sealed class WarningSwitchTests
{
    [TestMethod]
    [DataRow(MSBuildEngine.Oldest)]
    [DataRow(MSBuildEngine.Installed)]
    public async Task CompilerSwitchesMapToMSBuildSwitches(MSBuildEngine engine)
    {
        using var project = new ModelProject("""
              <PropertyGroup>
                <NoWarn>$(NoWarn);COG1042</NoWarn>
                <WarningsAsErrors>COG1101</WarningsAsErrors>
                <WarningsNotAsErrors>COG3107</WarningsNotAsErrors>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
            """);
        var evaluation = await project.EvaluateAsync(engine, ["MSBuildWarningsAsMessages", "MSBuildWarningsAsErrors", "MSBuildWarningsNotAsErrors", "MSBuildTreatWarningsAsErrors"]);

        CollectionAssert.Contains(evaluation.List("MSBuildWarningsAsMessages").ToArray(), "COG1042");
        Assert.AreEqual("COG1101", evaluation.Property("MSBuildWarningsAsErrors"));
        Assert.AreEqual("COG3107", evaluation.Property("MSBuildWarningsNotAsErrors"));
        Assert.AreEqual("true", evaluation.Property("MSBuildTreatWarningsAsErrors"));
    }

    [TestMethod]
    [DataRow(MSBuildEngine.Oldest)]
    [DataRow(MSBuildEngine.Installed)]
    public async Task SwitchesSetInDirectoryBuildTargetsCountAndMSBuildsOwnWin(MSBuildEngine engine)
    {
        using var project = new ModelProject("<PropertyGroup><MSBuildWarningsAsErrors>COG9999</MSBuildWarningsAsErrors></PropertyGroup>");
        project.Write("Directory.Build.targets", "<Project><PropertyGroup><NoWarn>COG1101</NoWarn><WarningsAsErrors>COG1042</WarningsAsErrors></PropertyGroup></Project>");
        var evaluation = await project.EvaluateAsync(engine, ["MSBuildWarningsAsMessages", "MSBuildWarningsAsErrors"]);

        CollectionAssert.Contains(evaluation.List("MSBuildWarningsAsMessages").ToArray(), "COG1101");
        Assert.AreEqual("COG9999", evaluation.Property("MSBuildWarningsAsErrors"), "an explicit MSBuildWarningsAsErrors is kept");
    }

    [TestMethod]
    public async Task AWarningFromATargetIsSilencedOrFailsTheBuild()
    {
        const string warns = """
              <Target Name="Warn"><Warning Code="COG1042" Text="deprecated field" /></Target>
            """;
        using var silenced = new ModelProject("<PropertyGroup><NoWarn>COG1042</NoWarn></PropertyGroup>" + warns);
        using var promoted = new ModelProject("<PropertyGroup><TreatWarningsAsErrors>true</TreatWarningsAsErrors></PropertyGroup>" + warns);
        using var exempted = new ModelProject("<PropertyGroup><TreatWarningsAsErrors>true</TreatWarningsAsErrors><WarningsNotAsErrors>COG1042</WarningsNotAsErrors></PropertyGroup>" + warns);

        var quiet = await silenced.RunAsync("-t:Warn", "-v:m");
        var failed = await promoted.RunAsync("-t:Warn", "-v:m");
        var stillWarning = await exempted.RunAsync("-t:Warn", "-v:m");

        Assert.AreEqual(0, quiet.ExitCode, quiet.ToString());
        Assert.IsFalse(quiet.Output.Contains("COG1042", StringComparison.Ordinal), quiet.ToString());
        Assert.AreNotEqual(0, failed.ExitCode, failed.ToString());
        StringAssert.Contains(failed.Output, "error COG1042");
        Assert.AreEqual(0, stillWarning.ExitCode, stillWarning.ToString());
        StringAssert.Contains(stillWarning.Output, "warning COG1042");
    }
}
