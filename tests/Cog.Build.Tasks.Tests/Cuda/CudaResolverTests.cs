using System.Text.Json;
using Cog.Build.Cuda;

namespace Cog.Build.Tasks.Tests.Cuda;

[TestClass]
public sealed class CudaResolverTests
{
    private static readonly CudaResolver Resolver = new();

    // Spec 10 §4 torch table: known CUDAs, default CUDA/cuDNN.
    [TestMethod]
    [DataRow("1.13.0", "11.6 11.7", "11.7", "8", "11.7.1-cudnn8-devel-ubuntu22.04")]
    [DataRow("1.13.1", "11.6 11.7", "11.7", "8", "11.7.1-cudnn8-devel-ubuntu22.04")]
    [DataRow("2.0.0", "11.7 11.8", "11.8", "8", "11.8.0-cudnn8-devel-ubuntu22.04")]
    [DataRow("2.0.1", "11.7 11.8", "11.8", "8", "11.8.0-cudnn8-devel-ubuntu22.04")]
    [DataRow("2.1.0", "11.8 12.1", "12.1", "8", "12.1.1-cudnn8-devel-ubuntu22.04")]
    [DataRow("2.1.1", "11.8 12.1", "12.1", "8", "12.1.1-cudnn8-devel-ubuntu22.04")]
    [DataRow("2.1.2", "11.8 12.1", "12.1", "8", "12.1.1-cudnn8-devel-ubuntu22.04")]
    [DataRow("2.2.0", "11.8 12.1", "12.1", "8", "12.1.1-cudnn8-devel-ubuntu22.04")]
    [DataRow("2.2.2", "11.8 12.1", "12.1", "8", "12.1.1-cudnn8-devel-ubuntu22.04")]
    [DataRow("2.3.0", "11.8 12.1", "12.1", "8", "12.1.1-cudnn8-devel-ubuntu22.04")]
    [DataRow("2.3.1", "11.8 12.1", "12.1", "8", "12.1.1-cudnn8-devel-ubuntu22.04")]
    [DataRow("2.4.0", "11.8 12.1 12.4", "12.4", "9", "12.4.1-cudnn-devel-ubuntu22.04")]
    [DataRow("2.4.1", "11.8 12.1 12.4", "12.4", "9", "12.4.1-cudnn-devel-ubuntu22.04")]
    [DataRow("2.5.0", "11.8 12.1 12.4", "12.4", "9", "12.4.1-cudnn-devel-ubuntu22.04")]
    [DataRow("2.5.1", "11.8 12.1 12.4", "12.4", "9", "12.4.1-cudnn-devel-ubuntu22.04")]
    [DataRow("2.6.0", "11.8 12.4 12.6", "12.6", "9", "12.6.3-cudnn-devel-ubuntu24.04")]
    [DataRow("2.7.0", "11.8 12.6 12.8", "12.8", "9", "12.8.1-cudnn-devel-ubuntu24.04")]
    [DataRow("2.7.1", "11.8 12.6 12.8", "12.8", "9", "12.8.1-cudnn-devel-ubuntu24.04")]
    [DataRow("2.8.0", "12.6 12.8 12.9", "12.9", "9", "12.9.1-cudnn-devel-ubuntu24.04")]
    [DataRow("2.9.0", "12.6 12.8 13.0", "13.0", "9", "13.0.3-cudnn-devel-ubuntu24.04")]
    [DataRow("2.9.1", "12.6 12.8 13.0", "13.0", "9", "13.0.3-cudnn-devel-ubuntu24.04")]
    [DataRow("2.10.0", "12.6 12.8 13.0", "13.0", "9", "13.0.3-cudnn-devel-ubuntu24.04")]
    [DataRow("2.11.0", "12.6 12.8 12.9 13.0", "13.0", "9", "13.0.3-cudnn-devel-ubuntu24.04")]
    public void TorchTable(string torch, string known, string cuda, string cudnn, string tag)
    {
        CollectionAssert.AreEqual(known.Split(' '), Resolver.TorchCudas(torch).ToArray());
        var result = Resolver.Resolve(new CudaRequest(Torch: torch));
        Assert.IsFalse(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.AreEqual(cuda, result.Resolution!.Cuda);
        Assert.AreEqual(cudnn, result.Resolution.Cudnn);
        Assert.AreEqual(tag, result.Resolution.Image.Tag);
        Assert.AreEqual(0, result.Diagnostics.Count);
    }

    // Every torch row of compat.json from 1.13 on, against the facts' own derived defaults.
    [TestMethod]
    public void EveryTorchRowFrom113MatchesTheDerivedDefaults()
    {
        using var doc = JsonDocument.Parse(CompatibilityData.ReadJson());
        var checkedRows = 0;
        foreach (var row in doc.RootElement.GetProperty("derived").GetProperty("torch_gpu_defaults").EnumerateObject())
        {
            if (ComponentVersion.Parse(row.Name) < ComponentVersion.Parse("1.13.0"))
            {
                continue;
            }

            var expected = row.Value;
            var known = expected.GetProperty("known_cudas").EnumerateArray().Select(e => e.GetString()!).ToArray();
            CollectionAssert.AreEqual(known, Resolver.TorchCudas(row.Name).ToArray(), row.Name);
            var result = Resolver.Resolve(new CudaRequest(Torch: row.Name));
            Assert.AreEqual(expected.GetProperty("default_cuda").GetString(), result.Resolution?.Cuda, row.Name);
            Assert.AreEqual(expected.GetProperty("default_cudnn").GetString(), result.Resolution?.Cudnn, row.Name);
            Assert.AreEqual(expected.GetProperty("nvidia_image").GetString(), result.Resolution?.Image.Image, row.Name);
            checkedRows++;
        }

        Assert.IsTrue(checkedRows >= 23, $"only {checkedRows} rows checked");
    }

    // Spec 10 §4 tensorflow table.
    [TestMethod]
    [DataRow("2.4.0", "11.0", "8", "11.0.3-cudnn8-devel-ubuntu20.04")]
    [DataRow("2.5.0", "11.2", "8", "11.2.2-cudnn8-devel-ubuntu20.04")]
    [DataRow("2.6.0", "11.2", "8", "11.2.2-cudnn8-devel-ubuntu20.04")]
    [DataRow("2.7.0", "11.2", "8", "11.2.2-cudnn8-devel-ubuntu20.04")]
    [DataRow("2.8.0", "11.2", "8", "11.2.2-cudnn8-devel-ubuntu20.04")]
    [DataRow("2.9.0", "11.2", "8", "11.2.2-cudnn8-devel-ubuntu20.04")]
    [DataRow("2.10.0", "11.2", "8", "11.2.2-cudnn8-devel-ubuntu20.04")]
    [DataRow("2.11.0", "11.2", "8", "11.2.2-cudnn8-devel-ubuntu20.04")]
    [DataRow("2.12.0", "11.8", "8", "11.8.0-cudnn8-devel-ubuntu22.04")]
    [DataRow("2.13.0", "11.8", "8", "11.8.0-cudnn8-devel-ubuntu22.04")]
    [DataRow("2.14.0", "11.8", "8", "11.8.0-cudnn8-devel-ubuntu22.04")]
    [DataRow("2.15.0", "12.2", "8", "12.2.2-cudnn8-devel-ubuntu22.04")]
    [DataRow("2.16.1", "12.3", "8", null)]
    [DataRow("2.17.0", "12.3", "8", null)]
    [DataRow("2.18.0", "12.5", "9", "12.5.1-cudnn-devel-ubuntu22.04")]
    [DataRow("2.19.0", "12.5", "9", "12.5.1-cudnn-devel-ubuntu22.04")]
    [DataRow("2.20.0", "12.5", "9", "12.5.1-cudnn-devel-ubuntu22.04")]
    [DataRow("2.21.0", "12.5", "9", "12.5.1-cudnn-devel-ubuntu22.04")]
    public void TensorflowTable(string tf, string cuda, string cudnn, string? tag)
    {
        var release = Resolver.FindTensorflow(tf)!;
        Assert.AreEqual(cuda, release.Cuda.Text);
        Assert.AreEqual(cudnn, release.Cudnn);
        var result = Resolver.Resolve(new CudaRequest(Tensorflow: tf, Torch: "2.5.1"));
        if (tag is null)
        {
            var error = result.Diagnostics.Single();
            Assert.AreEqual("COG1094", error.Code);
            StringAssert.StartsWith(error.Message, $"no matching base image for CUDA {cuda} and CuDNN {cudnn}.");
            return;
        }

        Assert.AreEqual(0, result.Diagnostics.Count, string.Join("\n", result.Diagnostics));
        Assert.AreEqual((cuda, cudnn, tag), (result.Resolution!.Cuda, result.Resolution.Cudnn, result.Resolution.Image.Tag));
    }

    [TestMethod]
    public void EveryTensorflowRowIsCovered() => Assert.AreEqual(18, CompatibilityMatrix.Default.Tensorflow.Count);

    // Spec 10 §4 nvidia tag results for an explicit CUDA.
    [TestMethod]
    [DataRow("11.3", "11.3.1-cudnn8-devel-ubuntu20.04")]
    [DataRow("11.6", "11.6.2-cudnn8-devel-ubuntu20.04")]
    [DataRow("11.7", "11.7.1-cudnn8-devel-ubuntu22.04")]
    [DataRow("11.8", "11.8.0-cudnn8-devel-ubuntu22.04")]
    [DataRow("12.1", "12.1.1-cudnn8-devel-ubuntu22.04")]
    [DataRow("12.4", "12.4.1-cudnn-devel-ubuntu22.04")]
    [DataRow("12.5", "12.5.1-cudnn-devel-ubuntu22.04")]
    [DataRow("12.6", "12.6.3-cudnn-devel-ubuntu24.04")]
    [DataRow("12.8", "12.8.1-cudnn-devel-ubuntu24.04")]
    [DataRow("12.9", "12.9.1-cudnn-devel-ubuntu24.04")]
    [DataRow("13.0", "13.0.3-cudnn-devel-ubuntu24.04")]
    public void ExplicitCudaPicksTheNewestImage(string cuda, string tag) =>
        Assert.AreEqual(tag, Resolver.Resolve(new CudaRequest(Cuda: cuda)).Resolution!.Image.Tag);

    [TestMethod]
    [DataRow("12.7")]
    [DataRow("13.3")]
    public void UnsupportedCudaIsAnError(string cuda) =>
        Assert.AreEqual("COG1093", Resolver.Resolve(new CudaRequest(Cuda: cuda)).Diagnostics.Single().Code);

    [TestMethod]
    public void NoFrameworkDefaultsTo118() =>
        Assert.AreEqual("11.8.0-cudnn8-devel-ubuntu22.04", Resolver.Resolve(new CudaRequest()).Resolution!.Image.Tag);

    [TestMethod]
    public void ExplicitCudnnMustBeOfferedForTheCuda()
    {
        Assert.AreEqual("COG1092", Resolver.Resolve(new CudaRequest(Cuda: "12.4", Cudnn: "8")).Diagnostics.Single().Code);
        Assert.AreEqual("9", Resolver.Resolve(new CudaRequest(Cuda: "12.4", Cudnn: "9")).Resolution!.Cudnn);
        Assert.AreEqual("8", Resolver.Resolve(new CudaRequest(Cuda: "12.1", Cudnn: "8")).Resolution!.Cudnn);
    }

    [TestMethod]
    public void TorchLocalCudaTagIsHonoured()
    {
        CollectionAssert.AreEqual(new[] { "11.8" }, Resolver.TorchCudas("2.3.1+cu118").ToArray());
        Assert.AreEqual("11.8", Resolver.Resolve(new CudaRequest(Torch: "2.3.1+cu118")).Resolution!.Cuda);
    }

    [TestMethod]
    public void TorchMinorOnlyMatchesEveryPatch()
    {
        CollectionAssert.AreEqual(new[] { "11.8", "12.1" }, Resolver.TorchCudas("2.3").ToArray());
    }

    [TestMethod]
    public void UnknownTorchIsAnError()
    {
        var d = Resolver.Resolve(new CudaRequest(Torch: "0.4.0")).Diagnostics.Single();
        Assert.AreEqual("COG1090", d.Code);
        StringAssert.Contains(d.Message, "torch==0.4.0");
    }

    [TestMethod]
    public void UnpinnedTorchIsAnError() =>
        Assert.AreEqual("COG1080", Resolver.Resolve(new CudaRequest(Torch: "")).Diagnostics.Single().Code);

    [TestMethod]
    public void TorchWithUnknownCudaWarnsAndSuggests()
    {
        var result = Resolver.Resolve(new CudaRequest(Cuda: "12.4", Torch: "2.7.1"));
        var warning = result.Diagnostics.Single();
        Assert.AreEqual("COG1091", warning.Code);
        StringAssert.EndsWith(warning.Message, "Try 12.8 instead?");
        Assert.AreEqual("12.4", result.Resolution!.Cuda);
    }

    [TestMethod]
    public void TensorflowRules()
    {
        Assert.AreEqual("COG1090", Resolver.Resolve(new CudaRequest(Tensorflow: "1.0.0")).Diagnostics.Single().Code);
        var unknownWithCuda = Resolver.Resolve(new CudaRequest(Cuda: "12.1", Tensorflow: "1.0.0"));
        Assert.AreEqual("COG1091", unknownWithCuda.Diagnostics.Single().Code);
        Assert.AreEqual("8", unknownWithCuda.Resolution!.Cudnn);
        Assert.AreEqual("COG1095", Resolver.Resolve(new CudaRequest(Cuda: "12.1", Tensorflow: "2.14.0")).Diagnostics.Single().Code);
        Assert.AreEqual("COG1092", Resolver.Resolve(new CudaRequest(Cudnn: "9", Tensorflow: "2.14.0")).Diagnostics.Single().Code);
        Assert.AreEqual(0, Resolver.Resolve(new CudaRequest(Cuda: "11.8", Tensorflow: "2.14.0")).Diagnostics.Count);
    }

    [TestMethod]
    public void MalformedCudaIsReportedNotThrown() =>
        Assert.AreEqual("COG1030", Resolver.Resolve(new CudaRequest(Cuda: "twelve")).Diagnostics.Single().Code);
}
