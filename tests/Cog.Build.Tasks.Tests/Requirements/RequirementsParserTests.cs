using Cog.Build.Requirements;

namespace Cog.Build.Tasks.Tests.Requirements;

[TestClass]
public sealed class RequirementsParserTests
{
    [TestMethod]
    public void JoinsContinuationsDropsCommentsAndBlanks()
    {
        var lines = RequirementsParser.Parse("# header\r\ntorch==2.5.1 \\\r\n  --extra-index-url https://x/\r\n\r\n-e .\r\nnumpy>=1.26 # fast\r\n");
        CollectionAssert.AreEqual(new[] { "torch==2.5.1   --extra-index-url https://x/", "numpy>=1.26" }, lines.Select(l => l.Text).ToArray());
    }

    [TestMethod]
    public void HashInsideAUrlIsNotAComment()
    {
        var line = RequirementsParser.Parse("pkg @ https://x/pkg.zip#egg=pkg").Single();
        Assert.AreEqual("pkg @ https://x/pkg.zip#egg=pkg", line.Text);
        Assert.AreEqual("https://x/pkg.zip#egg=pkg", line.Version);
    }

    [TestMethod]
    [DataRow("torch==2.5.1", "torch", null, "2.5.1")]
    [DataRow("torch>=2.0,<3", "torch", null, "2.0")]
    [DataRow("torch ~= 2.1", "torch", null, "2.1")]
    [DataRow("uvicorn[standard]==0.30", "uvicorn", "[standard]", "0.30")]
    [DataRow("requests", "requests", null, "")]
    [DataRow("torch==2.5.1+cu121; python_version>'3'", "torch", null, "2.5.1+cu121")]
    public void NamesAndVersions(string text, string name, string? extras, string version)
    {
        var line = RequirementsParser.ParseLine(text);
        Assert.AreEqual((name, extras, version), (line.Name, line.Extras, line.Version));
    }

    [TestMethod]
    public void FrameworkDetectionIsCaseSensitive()
    {
        Assert.IsTrue(RequirementsParser.ParseLine("torch==1").Is("torch"));
        Assert.IsFalse(RequirementsParser.ParseLine("Torch==1").Is("torch"));
    }

    [TestMethod]
    [DataRow("./wheels/a-1.0-py3-none-any.whl", true)]
    [DataRow("/abs/a.tar.gz", true)]
    [DataRow("../a", true)]
    [DataRow("dist/a-1.0.zip", true)]
    [DataRow("--extra-index-url https://x/", false)]
    [DataRow("https://x/a.whl", false)]
    [DataRow("a @ https://x/a.whl", false)]
    public void BarePaths(string text, bool isPath) => Assert.AreEqual(isPath, RequirementsParser.ParseLine(text).IsBarePath);
}
