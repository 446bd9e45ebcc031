using Cog.Build.Config;
using Cog.Build.Diagnostics;
using Cog.Build.Dockerfile;

namespace Cog.Build.Tasks.Tests.Dockerfile;

[TestClass]
public sealed class DockerfileGeneratorTests
{
    private static ResolvedBuild Build(CogConfig config) => BuildResolver.Resolve(config, Path.GetTempPath());

    private static readonly BaseImage Slim = new("python:3.11-slim", BaseImageFlavor.PythonSlim);

    [TestMethod]
    public void ModelCodeIsOnlyInTheLastStage()
    {
        var plan = DockerfileGenerator.Generate(Build(new CogConfig { Run = "run.py:Runner" }), Slim);
        var lines = plan.Dockerfile.TrimEnd().Split('\n');
        // The model's files sit under src/ in the context; generated .cog/ files must not reach /src.
        Assert.AreEqual("COPY src/ /src", lines[^1]);
        Assert.AreEqual("FROM deps", lines[^2]);
        Assert.AreEqual(1, lines.Count(l => l.StartsWith("COPY src/ ", StringComparison.Ordinal)));
        Assert.IsFalse(lines.Any(l => l.StartsWith("COPY . ", StringComparison.Ordinal)));
        Assert.IsFalse(plan.Dockerfile.Contains("syntax=", StringComparison.Ordinal), "no #syntax line: it would pull a frontend image");
        Assert.IsFalse(plan.Dockerfile.Contains("tini", StringComparison.Ordinal));
    }

    [TestMethod]
    public void ClassicDialectHasNoMounts()
    {
        var config = new CogConfig { Build = new BuildConfig { SystemPackages = ["curl"], PythonPackages = ["requests==2.32.0"] } };
        var classic = DockerfileGenerator.Generate(Build(config), Slim, new DockerfileOptions { Dialect = DockerfileDialect.Classic });
        Assert.IsFalse(classic.Dockerfile.Contains("--mount", StringComparison.Ordinal));
        var buildKit = DockerfileGenerator.Generate(Build(config), Slim);
        Assert.IsTrue(buildKit.Dockerfile.Contains("RUN --mount=type=cache,target=/root/.cache/pip pip install", StringComparison.Ordinal));
    }

    [TestMethod]
    public void SecretsNeedBuildKit()
    {
        var config = new CogConfig { Build = new BuildConfig { Run = [new RunCommand("echo", [new SecretMount("a", "/a")])] } };
        var e = Assert.ThrowsExactly<CogException>(() => DockerfileGenerator.Generate(Build(config), Slim, new DockerfileOptions { Dialect = DockerfileDialect.Classic }));
        Assert.AreEqual("COG1113", e.Diagnostics.Single().Code);
    }

    [TestMethod]
    public void EnvironmentValuesWithNewlinesAreRejected()
    {
        var config = new CogConfig { Environment = [new EnvironmentVariable("A", "x\ny")] };
        var e = Assert.ThrowsExactly<CogException>(() => DockerfileGenerator.Generate(Build(config), Slim));
        Assert.AreEqual("COG1110", e.Diagnostics.Single().Code);
    }

    [TestMethod]
    public void RunCommandWithNewlineIsRejected()
    {
        var config = new CogConfig { Build = new BuildConfig { Run = [new RunCommand("echo a\necho b")] } };
        Assert.AreEqual("COG1028", Assert.ThrowsExactly<CogException>(() => DockerfileGenerator.Generate(Build(config), Slim)).Diagnostics.Single().Code);
    }

    [TestMethod]
    public void BuildWithErrorsCannotBeGenerated()
    {
        var config = new CogConfig { Build = new BuildConfig { Gpu = true, PythonPackages = ["torch"] } };
        var build = Build(config);
        Assert.AreEqual("COG1080", build.Diagnostics.Single().Code);
        Assert.ThrowsExactly<CogException>(() => DockerfileGenerator.Generate(build, Slim));
    }

    [TestMethod]
    public void DiagnosticsOfTheResolverPointAtCogYaml()
    {
        var loaded = CogConfigLoader.LoadFromText("build:\n  gpu: true\n  python_version: '3.12'\n  cuda: '12.7'\n", "cog.yaml");
        var build = BuildResolver.Resolve(loaded.Config, Path.GetTempPath());
        Assert.AreEqual("cog.yaml(4,3): error COG1093", build.Diagnostics.Single().ToString()[..28]);
    }

    [TestMethod]
    public void UnreadableRequirementsFileIsReported()
    {
        var config = new CogConfig { Build = new BuildConfig { PythonRequirements = "nope/requirements.txt" } };
        Assert.AreEqual("COG1084", Build(config).Diagnostics.Single().Code);
    }
}
