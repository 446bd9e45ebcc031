using Cog.Build.Requirements;

namespace Cog.Build.Tasks.Tests.Requirements;

[TestClass]
public sealed class LocalArtifactsTests
{
    private string project = null!;

    [TestInitialize]
    public void CreateProject()
    {
        project = Path.Combine(Path.GetTempPath(), "cogreq-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(project, "wheels", "dir.whl"));
        File.WriteAllText(Path.Combine(project, "wheels", "a-1.0-py3-none-any.whl"), "x");
    }

    [TestCleanup]
    public void RemoveProject() => Directory.Delete(project, recursive: true);

    private LocalArtifacts.Result Resolve(string text) =>
        LocalArtifacts.Resolve(RequirementsParser.Parse(text), project, project);

    [TestMethod]
    public void WheelIsStagedAndRewritten()
    {
        var result = Resolve("./wheels/a-1.0-py3-none-any.whl\nnumpy==2.0.0\n");
        Assert.AreEqual(0, result.Diagnostics.Count, string.Join("\n", result.Diagnostics));
        var artifact = result.Artifacts.Single();
        Assert.AreEqual("wheels/a-1.0-py3-none-any.whl", artifact.ProjectRelativePath);
        Assert.AreEqual(".cog/local_package_artifacts/wheels/a-1.0-py3-none-any.whl", artifact.ContextPath);
        Assert.AreEqual("/tmp/local_package_artifacts/wheels/a-1.0-py3-none-any.whl", result.Requirements[0].Text);
        Assert.AreEqual("numpy==2.0.0", result.Requirements[1].Text);
    }

    [TestMethod]
    [DataRow("./wheels/missing.whl", "does not exist")]
    [DataRow("./wheels/dir.whl", "directories are not supported")]
    [DataRow("/etc/hostname.whl", "does not exist")]
    [DataRow("a @ ./wheels/a-1.0-py3-none-any.whl", "'name @ path'")]
    [DataRow("a @ file:///x/a.whl", "file: URLs")]
    [DataRow("-r ./other.txt", "local '-r'")]
    [DataRow("--find-links ./wheels", "local '--find-links'")]
    [DataRow("./wheels/a-1.0-py3-none-any.whl; python_version>'3'", "only the path")]
    public void RejectedLines(string line, string reason)
    {
        var d = Resolve(line).Diagnostics.Single();
        Assert.AreEqual("COG1081", d.Code);
        StringAssert.Contains(d.Message, reason);
    }

    [TestMethod]
    public void FilesOutsideTheProjectAreRejected()
    {
        var outside = Path.Combine(Path.GetTempPath(), "cogreq-out-" + Guid.NewGuid().ToString("N") + ".whl");
        File.WriteAllText(outside, "x");
        try
        {
            StringAssert.Contains(Resolve(outside).Diagnostics.Single().Message, "inside the project folder");
        }
        finally
        {
            File.Delete(outside);
        }
    }

    [TestMethod]
    public void UrlOptionsAreFine() => Assert.AreEqual(0, Resolve("-f https://x/links\n-r https://x/r.txt").Diagnostics.Count);
}
