using Cog.Build.Dockerfile;

namespace Cog.Build.Tasks.Tests.Dockerfile;

[TestClass]
public sealed class BaseImageSelectorTests
{
    private const string GpuYaml = "build:\n  gpu: true\n  python_version: '3.12'\n  python_requirements: requirements.txt\nrun: run.py:Runner\n";

    private sealed class FakeRegistry(Func<string, CancellationToken, Task<bool>> answer) : IBaseImageAvailability
    {
        public List<string> Asked { get; } = [];

        public Task<bool> ExistsAsync(string imageReference, CancellationToken cancellationToken)
        {
            Asked.Add(imageReference);
            return answer(imageReference, cancellationToken);
        }
    }

    private static ResolvedBuild Gpu(string torch = "2.7.1")
    {
        using var folder = new ModelFolder(GpuYaml, ("requirements.txt", $"torch=={torch}\n"));
        return folder.Resolve();
    }

    [TestMethod]
    public async Task ConfirmedCogBaseIsUsed()
    {
        var registry = new FakeRegistry((_, _) => Task.FromResult(true));
        var selection = await BaseImageSelector.SelectAsync(Gpu(), new BaseImageOptions(), registry);
        Assert.AreEqual("r8.im/cog-base:cuda12.8-python3.12-torch2.7.1", selection.Image.Reference);
        Assert.AreEqual(BaseImageFlavor.CogBase, selection.Image.Flavor);
        Assert.AreEqual(0, selection.Diagnostics.Count);
    }

    [TestMethod]
    public async Task RegistryHostComesFromTheEnvironment()
    {
        var options = new BaseImageOptions().WithEnvironment(name => name == "COG_REGISTRY_HOST" ? "registry.local:5000" : null);
        Assert.AreEqual("registry.local:5000/cog-base:cuda12.8-python3.12-torch2.7.1", BaseImageSelector.CogBaseCandidate(Gpu(), options));
        await Task.CompletedTask;
    }

    [TestMethod]
    public async Task MissingCogBaseFallsBackWithOneWarning()
    {
        var selection = await BaseImageSelector.SelectAsync(Gpu(), new BaseImageOptions(), new FakeRegistry((_, _) => Task.FromResult(false)));
        Assert.AreEqual("nvidia/cuda:12.8.1-cudnn-devel-ubuntu24.04", selection.Image.Reference);
        Assert.AreEqual("COG1101", selection.Diagnostics.Single().Code);
        Assert.AreEqual("r8.im/cog-base:cuda12.8-python3.12-torch2.7.1", selection.CogBaseAttempted);
    }

    [TestMethod]
    public async Task SlowRegistryCostsOnlyTheTimeout()
    {
        var registry = new FakeRegistry(async (_, token) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), token);
            return true;
        });
        var cached = new CachedBaseImageAvailability(registry, TimeSpan.FromMilliseconds(200));
        var started = DateTime.UtcNow;
        var selection = await BaseImageSelector.SelectAsync(Gpu(), new BaseImageOptions(), cached);
        Assert.IsTrue(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
        StringAssert.Contains(selection.Diagnostics.Single().Message, "did not answer");

        // Cached for the rest of the build: a second selection asks nobody.
        await BaseImageSelector.SelectAsync(Gpu(), new BaseImageOptions(), cached);
        Assert.AreEqual(1, registry.Asked.Count);
    }

    [TestMethod]
    public async Task UnreachableRegistryFallsBack()
    {
        var registry = new FakeRegistry((_, _) => throw new HttpRequestException("Name or service not known"));
        var selection = await BaseImageSelector.SelectAsync(Gpu(), new BaseImageOptions(), registry);
        StringAssert.Contains(selection.Diagnostics.Single().Message, "Name or service not known");
        Assert.AreEqual(BaseImageFlavor.NvidiaCuda, selection.Image.Flavor);
    }

    [TestMethod]
    public async Task ExplicitCogBaseThatIsMissingIsAnError()
    {
        var selection = await BaseImageSelector.SelectAsync(Gpu(), new BaseImageOptions(UseCogBaseImage: true), new FakeRegistry((_, _) => Task.FromResult(false)));
        var error = selection.Diagnostics.Single();
        Assert.AreEqual("COG1100", error.Code);
        StringAssert.Contains(error.Message, "CUDA: 12.8 / Python: 3.12 / Torch: 2.7.1");
    }

    [TestMethod]
    public async Task OverrideAndOptOutNeverAskTheRegistry()
    {
        var registry = new FakeRegistry((_, _) => Task.FromResult(true));
        var overridden = await BaseImageSelector.SelectAsync(Gpu(), new BaseImageOptions(Override: "mirror/cuda:12.8"), registry);
        Assert.AreEqual(new BaseImage("mirror/cuda:12.8", BaseImageFlavor.NvidiaCuda), overridden.Image);
        var optOut = await BaseImageSelector.SelectAsync(Gpu(), new BaseImageOptions(UseCogBaseImage: false, UseCudaBaseImage: false), registry);
        Assert.AreEqual(new BaseImage("python:3.12-slim", BaseImageFlavor.PythonSlim), optOut.Image);
        Assert.AreEqual(0, registry.Asked.Count);
    }

    [TestMethod]
    public void OverrideComesFromCogBaseImageVariable()
    {
        var options = new BaseImageOptions().WithEnvironment(name => name == "COG_BASE_IMAGE" ? " mirror/python:3.12-slim " : null);
        Assert.AreEqual("mirror/python:3.12-slim", options.Override);
        Assert.AreEqual("explicit", (new BaseImageOptions(Override: "explicit").WithEnvironment(_ => "env")).Override);
    }

    [TestMethod]
    public void FlagsParseAndExclude()
    {
        Assert.IsNull(BaseImageOptions.ParseFlag("auto"));
        Assert.IsNull(BaseImageOptions.ParseFlag(""));
        Assert.IsFalse(BaseImageOptions.ParseFlag("false"));
        Assert.AreEqual("COG1102", BaseImageOptions.CheckExclusive(true, false, true)!.Code);
        Assert.IsNull(BaseImageOptions.CheckExclusive(true, false, false));
    }

    [TestMethod]
    [DataRow(null, "3.12", null, "python3.12")]
    [DataRow(null, "3.12.4", "2.5.1", "python3.12-torch2.5.1")]
    [DataRow("12.1", "3.12", "2.1.0", "cuda12.1-python3.12")]
    [DataRow("12.1", "3.11", "2.1", "cuda12.1-python3.11-torch2.1.2")]
    [DataRow(null, "3.10", "1.13.1", "python3.10")]
    [DataRow("11.6", "3.10", null, null)]
    [DataRow(null, "3.9", null, null)]
    public void CogBaseTags(string? cuda, string python, string? torch, string? tag) =>
        Assert.AreEqual(tag, Cog.Build.Cuda.CompatibilityMatrix.Default.CogBase.TagFor(cuda, python, torch));
}
