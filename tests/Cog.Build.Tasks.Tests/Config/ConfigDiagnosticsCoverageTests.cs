using System.Reflection;
using Cog.Build.Config;
using Cog.Build.Cuda;
using Cog.Build.Diagnostics;
using Cog.Build.Dockerfile;
using Cog.Build.Requirements;

namespace Cog.Build.Tasks.Tests.Config;

/// <summary>Every COG1xxx row of the message table is produced by at least one real input (no dead codes, no untested codes).</summary>
[TestClass]
public sealed class ConfigDiagnosticsCoverageTests
{
    private static IEnumerable<Diagnostic> Yaml(string text, string? project = null) =>
        CogConfigLoader.LoadFromText(text, "cog.yaml", project).Diagnostics;

    private static IEnumerable<Diagnostic> Caught(Action action)
    {
        try
        {
            action();
        }
        catch (CogException e)
        {
            return e.Diagnostics;
        }

        return [];
    }

    private static IEnumerable<Diagnostic> Cuda(CudaRequest request) => new CudaResolver().Resolve(request).Diagnostics;

    private static IEnumerable<Diagnostic> Select(BaseImageOptions options, bool exists)
    {
        var build = BuildResolver.Resolve(new CogConfig { Build = new BuildConfig { PythonVersion = "3.12.1" } }, Path.GetTempPath());
        return BaseImageSelector.SelectAsync(build, options, new Registry(exists)).GetAwaiter().GetResult().Diagnostics;
    }

    private sealed class Registry(bool exists) : IBaseImageAvailability
    {
        public Task<bool> ExistsAsync(string imageReference, CancellationToken cancellationToken) => Task.FromResult(exists);
    }

    private static readonly BaseImage Slim = new("python:3.11-slim", BaseImageFlavor.PythonSlim);

    private static readonly Dictionary<string, Func<IEnumerable<Diagnostic>>> Scenarios = new()
    {
        ["COG1001"] = () => Caught(() => CogConfigLocator.Find("/", "no-such-cog.yaml")),
        ["COG1002"] = () => CogConfigLoader.Load(Path.GetTempPath()).Diagnostics,
        ["COG1003"] = () => Yaml("run: [\n"),
        ["COG1004"] = () => Yaml("  \n"),
        ["COG1005"] = () => Yaml("run: a.py:A\n---\nrun: b.py:B\n"),
        ["COG1010"] = () => Yaml("zzzzzz: 1\n"),
        ["COG1011"] = () => Yaml("imgae: x\n"),
        ["COG1012"] = () => Yaml("build: 3\n"),
        ["COG1013"] = () => Yaml("image: a\nimage: b\n"),
        ["COG1020"] = () => Yaml("run: run.py:Runner\n"),
        ["COG1021"] = () => Yaml("build:\n  python_version: '3'\n"),
        ["COG1022"] = () => Yaml("build:\n  python_version: '3.8'\n"),
        ["COG1023"] = () => Yaml("build:\n  python_version: '3.12'\n  python_requirements: missing.txt\n", Path.GetTempPath()),
        ["COG1024"] = () => Yaml("build:\n  python_version: '3.12'\n  python_packages: [a]\n"),
        ["COG1025"] = () => Yaml("build:\n  python_version: '3.12'\n  python_packages: [a]\n  python_requirements: r.txt\n"),
        ["COG1026"] = () => Yaml("build:\n  python_version: '3.12'\n  run: [{mounts: []}]\n"),
        ["COG1027"] = () => Yaml("build:\n  python_version: '3.12'\n  run: [{command: x, mounts: [{type: tmpfs}]}]\n"),
        ["COG1028"] = () => Yaml("build:\n  python_version: '3.12'\n  run: [\"a\\nb\"]\n"),
        ["COG1029"] = () => Yaml("build:\n  python_version: '3.12'\n  pre_install: [x]\n"),
        ["COG1030"] = () => Yaml("build:\n  python_version: '3.12'\n  cuda: '9.0'\n"),
        ["COG1031"] = () => Yaml("build:\n  python_version: '3.12'\n  cudnn: x\n"),
        ["COG1032"] = () => Yaml("build:\n  python_version: '3.12'\n  sdk_version: nope!\n"),
        ["COG1033"] = () => Yaml("build:\n  python_version: '3.12'\n  sdk_version: 0.17.0\n"),
        ["COG1040"] = () => Yaml("run: run:Runner\n"),
        ["COG1041"] = () => Yaml("run: a.py:A\npredict: b.py:B\n"),
        ["COG1042"] = () => Yaml("predict: b.py:B\n"),
        ["COG1043"] = () => Yaml("run: no_such_module_here.py:A\n", Path.GetTempPath()),
        ["COG1044"] = () => Yaml("image: a\nmodel: b\n"),
        ["COG1045"] = () => Yaml("model: a/b@sha256:00\n"),
        ["COG1046"] = () => Yaml("image: ' '\n"),
        ["COG1050"] = () => Yaml("concurrency: {max: 0}\n"),
        ["COG1051"] = () => Yaml("concurrency: {max: 1}\n"),
        ["COG1052"] = () => Yaml("build:\n  python_version: '3.10'\nconcurrency: {max: 2}\n"),
        ["COG1053"] = () => Yaml("concurrency: {}\n"),
        ["COG1060"] = () => Yaml("environment: [nope]\n"),
        ["COG1061"] = () => Yaml("environment: [A=1, A=2]\n"),
        ["COG1062"] = () => Yaml("environment: [PATH=/x]\n"),
        ["COG1070"] = () => Yaml("model: a\nweights: [{name: UP, target: /w, source: {uri: x}}]\n"),
        ["COG1071"] = () => Yaml("model: a\nweights: [{name: a, target: /w, source: {uri: x}}, {name: a, target: /v, source: {uri: x}}]\n"),
        ["COG1072"] = () => Yaml("model: a\nweights: [{name: a, target: /, source: {uri: x}}]\n"),
        ["COG1073"] = () => Yaml("model: a\nweights: [{name: a, target: /w, source: []}]\n"),
        ["COG1074"] = () => Yaml("weights: [{name: a, target: /w, source: {uri: x}}]\n"),
        ["COG1080"] = () => Cuda(new CudaRequest(Torch: "")),
        ["COG1081"] = () => LocalArtifacts.Resolve(RequirementsParser.Parse("file:///x.whl"), "/", "/").Diagnostics,
        ["COG1082"] = () => new WheelIndexRewriter().Rewrite(RequirementsParser.Parse("cog"), false, null).Diagnostics,
        ["COG1083"] = () => new WheelIndexRewriter().Rewrite(RequirementsParser.Parse("torchvision==0.0.0"), true, "12.8").Diagnostics,
        ["COG1084"] = () => BuildResolver.Resolve(new CogConfig { Build = new BuildConfig { PythonRequirements = "/no/such/requirements.txt" } }).Diagnostics,
        ["COG1090"] = () => Cuda(new CudaRequest(Torch: "0.1.0")),
        ["COG1091"] = () => Cuda(new CudaRequest(Cuda: "11.8", Torch: "2.9.1")),
        ["COG1092"] = () => Cuda(new CudaRequest(Cuda: "12.4", Cudnn: "8")),
        ["COG1093"] = () => Cuda(new CudaRequest(Cuda: "12.7")),
        ["COG1094"] = () => Cuda(new CudaRequest(Tensorflow: "2.16.1")),
        ["COG1095"] = () => Cuda(new CudaRequest(Cuda: "12.1", Tensorflow: "2.12.0")),
        ["COG1100"] = () => Select(new BaseImageOptions(UseCogBaseImage: true), exists: false),
        ["COG1101"] = () => Select(new BaseImageOptions(), exists: false),
        ["COG1102"] = () => [BaseImageOptions.CheckExclusive(true, true, false)!],
        ["COG1110"] = () => Caught(() => DockerfileGenerator.Generate(
            BuildResolver.Resolve(new CogConfig { Environment = [new EnvironmentVariable("A", "a\nb")] }, Path.GetTempPath()), Slim)),
        ["COG1111"] = () => Select(new BaseImageOptions(), exists: true),
        ["COG1112"] = () => Caught(() => CaCertificate.Load("garbage")),
        ["COG1113"] = () => Caught(() => DockerfileGenerator.Generate(
            BuildResolver.Resolve(new CogConfig { Build = new BuildConfig { Run = [new RunCommand("x", [new SecretMount("a", "/a")])] } }, Path.GetTempPath()),
            Slim,
            new DockerfileOptions { Dialect = DockerfileDialect.Classic })),
    };

    [TestMethod]
    public void EveryConfigCodeHasAScenario()
    {
        var codes = typeof(Messages).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.GetValue(null)).OfType<MessageTemplate>()
            .Select(t => t.Code).Where(c => c.StartsWith("COG1", StringComparison.Ordinal)).Order().ToList();
        CollectionAssert.AreEqual(codes, Scenarios.Keys.Order().ToList());
    }

    [TestMethod]
    public void EveryScenarioProducesItsCode()
    {
        var missing = Scenarios.Where(s => !s.Value().Any(d => d.Code == s.Key)).Select(s => s.Key).ToList();
        Assert.AreEqual(0, missing.Count, "scenarios that did not produce their code: " + string.Join(", ", missing));
    }
}
