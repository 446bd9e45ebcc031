namespace Cog.Sdk.Tests;

/// <summary>The Inputs of the release and dev image targets: what makes each rebuild, computed without the engine.</summary>
[TestClass]
public sealed class BuildInputsTests
{
    [TestMethod]
    public void ImageTargetsAreIncrementalOnTheirStamps()
    {
        using var project = new ModelProject();
        var release = InProcessEvaluator.TargetIncrementality(project.ProjectFile, "_CogBuildImage");
        var dev = InProcessEvaluator.TargetIncrementality(project.ProjectFile, "_CogBuildDevImageCore");

        StringAssert.Contains(release.Inputs, "@(CogBuildInput)");
        StringAssert.Contains(release.Inputs, "$(MSBuildProjectFullPath)");
        Assert.AreEqual("$(CogImageStampFile)", release.Outputs);
        StringAssert.Contains(dev.Inputs, "@(CogDevImageInput)");
        Assert.IsFalse(dev.Inputs.Contains("@(CogBuildInput)", StringComparison.Ordinal), "model code is not an input of the dev image");
        Assert.AreEqual("$(CogDevImageStampFile)", dev.Outputs);
    }

    [TestMethod]
    public async Task ModelCodeIsAnInputOfTheReleaseImageOnly()
    {
        using var project = new ModelProject();
        project.Write("requirements.txt", "numpy==2.1.3\n");
        project.Write("lib/helpers.py", "X = 1\n");
        project.Write("obj/leftover.txt", "");
        project.Write(".cog/openapi_schema.json", "{}");

        var evaluation = await DotnetMSBuild.EvaluateAsync(project.ProjectFile, new Dictionary<string, string>(), [], ["CogBuildInput", "CogDevImageInput"],
            target: "_CogCollectBuildInputs");
        string[] Relative(string type) => evaluation.Items(type).Select(i => Path.GetRelativePath(project.Directory, i.Identity)).Order(StringComparer.Ordinal).ToArray();

        var release = Relative("CogBuildInput");
        CollectionAssert.IsSubsetOf(new[] { "cog.yaml", "lib/helpers.py", "model.cogproj", "requirements.txt", "run.py" }, release);
        Assert.IsFalse(release.Any(f => f.StartsWith("obj", StringComparison.Ordinal) || f.StartsWith(".cog", StringComparison.Ordinal)), string.Join(", ", release));
        CollectionAssert.AreEqual(new[] { "cog.yaml", "requirements.txt" }, Relative("CogDevImageInput"));
    }
}
