using Cog.Build.Cuda;
using Cog.Build.Requirements;

namespace Cog.Build.Tasks.Tests.Cuda;

[TestClass]
public sealed class WheelIndexRewriterTests
{
    private static readonly WheelIndexRewriter Rewriter = new();

    private static GeneratedRequirements Rewrite(string text, bool gpu, string? cuda = null) =>
        Rewriter.Rewrite(RequirementsParser.Parse(text), gpu, cuda);

    [TestMethod]
    public void CpuTorchGetsTheCpuIndex()
    {
        var result = Rewrite("torch==2.5.1\npillow==11.0.0\n", gpu: false);
        Assert.AreEqual("--extra-index-url https://download.pytorch.org/whl/cpu/\ntorch==2.5.1\npillow==11.0.0\n", result.Text);
    }

    [TestMethod]
    public void CpuTorchWithoutPatchIsUnchanged() =>
        Assert.AreEqual("torch==2.3\n", Rewrite("torch==2.3", gpu: false).Text);

    [TestMethod]
    public void GpuTorchAndTorchvisionUseTheCudaIndex()
    {
        var result = Rewrite("torch==2.7.1\ntorchvision==0.22.1\n", gpu: true, "12.8");
        Assert.AreEqual("--extra-index-url https://download.pytorch.org/whl/cu128/\ntorch==2.7.1\ntorchvision==0.22.1\n", result.Text);
    }

    [TestMethod]
    public void GpuTorchPicksHighestCudaNotAboveTheBuildsAndHighestPatch()
    {
        Assert.AreEqual("--extra-index-url https://download.pytorch.org/whl/cu121/\ntorch==2.3.1\n", Rewrite("torch==2.3", gpu: true, "12.4").Text);
        Assert.AreEqual("--extra-index-url https://download.pytorch.org/whl/cu118/\ntorch==2.3.1\n", Rewrite("torch==2.3.1+cu121", gpu: true, "11.8").Text);
    }

    [TestMethod]
    public void Torch20OnCuda117ComesFromPyPI() =>
        Assert.AreEqual("torch==2.0.1\n", Rewrite("torch==2.0.1", gpu: true, "11.7").Text);

    [TestMethod]
    public void UnknownTorchIsLeftAlone() =>
        Assert.AreEqual("torch==9.9.9\n", Rewrite("torch==9.9.9", gpu: true, "12.8").Text);

    [TestMethod]
    public void CpuTorchvisionKeepsTheRowsLocalTag()
    {
        var result = Rewrite("torchvision==0.12.0", gpu: false);
        Assert.AreEqual("--extra-index-url https://download.pytorch.org/whl/cpu/\ntorchvision==0.12.0+cpu\n", result.Text);
    }

    [TestMethod]
    public void GpuTorchvisionMissWarns()
    {
        var result = Rewrite("torchvision==0.0.1", gpu: true, "12.8");
        Assert.AreEqual("COG1083", result.Diagnostics.Single().Code);
        Assert.AreEqual("torchvision==0.0.1\n", result.Text);
    }

    [TestMethod]
    public void TensorflowGpuRequirementIsUsedWhenCudaMatches()
    {
        var row = CompatibilityMatrix.Default.Tensorflow.First(t => t.Version == "2.14.0");
        Assert.AreEqual(row.GpuRequirement + "\n", Rewrite("tensorflow==2.14.0", gpu: true, "11.8").Text);
        Assert.AreEqual("tensorflow==2.14.0\n", Rewrite("tensorflow==2.14.0", gpu: false).Text);
    }

    [TestMethod]
    public void InlineIndexesAreHoistedAndDeduplicated()
    {
        var result = Rewrite("torch==2.5.1 --extra-index-url=https://x/\nnumpy==2.0.0 -f https://links/\nfoo==1 --extra-index-url https://x/\n", gpu: false);
        Assert.AreEqual("--find-links https://links/\n--extra-index-url https://x/\ntorch==2.5.1\nnumpy==2.0.0\nfoo==1\n", result.Text);
    }

    [TestMethod]
    public void CogLinesAreRemovedWithAWarning()
    {
        var result = Rewrite("cog==0.9.0\nCogLet[extra]>=1\nrequests\n", gpu: false);
        Assert.AreEqual("requests\n", result.Text);
        Assert.AreEqual(2, result.Diagnostics.Count(d => d.Code == "COG1082"));
    }

    [TestMethod]
    public void EmptyMeansNoPipStep() => Assert.IsTrue(Rewrite("# nothing\n\n", gpu: false).IsEmpty);
}
