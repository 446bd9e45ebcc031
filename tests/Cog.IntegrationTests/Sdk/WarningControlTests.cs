using Cog.IntegrationTests.Cli;

namespace Cog.IntegrationTests.Sdk;

/// <summary>
/// The compiler's warning switches on a real COG warning (the deprecated predict: key) in dotnet build, and what the
/// Terminal Logger shows of a running image build under a pseudo-terminal.
/// </summary>
[TestClass]
public sealed class WarningControlTests
{
    [ClassInitialize]
    public static async Task PackSdk(TestContext _) =>
        Assert.AreEqual(0, (await CogProcess.CogAsync(CogProcess.RepoRoot, "--version")).ExitCode, "./cog builds and packs Cog.Sdk");

    [TestMethod]
    public async Task NoWarnWarningsAsErrorsAndTreatWarningsAsErrorsApplyToCogCodes()
    {
        using var folder = DeprecatedKeyModel();

        var plain = await Rebuild(folder);
        var silenced = await Rebuild(folder, "-p:NoWarn=COG1042");
        var promoted = await Rebuild(folder, "-p:WarningsAsErrors=COG1042");
        var all = await Rebuild(folder, "-p:TreatWarningsAsErrors=true");
        var exempted = await Rebuild(folder, "-p:TreatWarningsAsErrors=true", "-p:WarningsNotAsErrors=COG1042");

        Assert.AreEqual(0, plain.ExitCode, plain.ToString());
        StringAssert.Contains(plain.Stdout, "warning COG1042");
        Assert.AreEqual(0, silenced.ExitCode, silenced.ToString());
        Assert.IsFalse(silenced.Stdout.Contains("COG1042", StringComparison.Ordinal), silenced.ToString());
        Assert.AreNotEqual(0, promoted.ExitCode, promoted.ToString());
        StringAssert.Contains(promoted.Stdout, "error COG1042");
        Assert.AreNotEqual(0, all.ExitCode, all.ToString());
        StringAssert.Contains(all.Stdout, "error COG1042");
        Assert.AreEqual(0, exempted.ExitCode, exempted.ToString());
        StringAssert.Contains(exempted.Stdout, "warning COG1042");
    }

    [TestMethod]
    public async Task TerminalLoggerShowsTheRunningTargetTheWarningAndTheImage()
    {
        using var folder = DeprecatedKeyModel();
        var transcript = Path.Combine(folder.Path, "terminal.txt");
        var command = $"dotnet build hello.cogproj -nologo -tl:on -p:CogUseCogBaseImage=false -p:CogImage={folder.ImageName}";

        var result = await CogProcess.RunAsync("script", ["-qfc", command, transcript], folder.Path);

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        // What a person reads: the text without cursor movement, colours and progress-bar sequences.
        var screen = System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(transcript), @"\x1B\][^\x1B]*\x1B\\|\x1B\[[0-9;?]*[A-Za-z]|\x1B[=>]", "");
        StringAssert.Contains(screen, "hello _CogBuildImage", "the live line names the running step");
        StringAssert.Contains(screen, "warning COG1042");
        StringAssert.Contains(screen, $"\u2192 {folder.ImageName}", "the summary line shows the image like an output path");
    }

    private static ModelFolder DeprecatedKeyModel()
    {
        var folder = ModelFolder.FromSample("hello");
        folder.Write("cog.yaml", "build:\n  python_version: \"3.11\"\npredict: \"run.py:Runner\"\n");
        return folder;
    }

    private static Task<ProcessResult> Rebuild(ModelFolder folder, params string[] switches) =>
        CogProcess.RunAsync("dotnet", ["build", "hello.cogproj", "-t:Rebuild", "-tl:off", "-v:m", "-nologo", "-p:CogUseCogBaseImage=false", .. switches], folder.Path);
}
