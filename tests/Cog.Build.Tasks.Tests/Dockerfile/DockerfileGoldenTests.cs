using Cog.Build.Dockerfile;

namespace Cog.Build.Tasks.Tests.Dockerfile;

[TestClass]
public sealed class DockerfileGoldenTests
{
    private const string CpuYaml = """
        build:
          python_version: "3.12"
          system_packages: [ffmpeg]
          python_requirements: requirements.txt
        environment:
          - MODEL_DIR=/src/m
        run: run.py:Runner
        """;

    private const string GpuTorchYaml = """
        build:
          gpu: true
          python_version: "3.12"
          python_requirements: requirements.txt
        run: run.py:Runner
        """;

    private static DockerfilePlan Plan(ModelFolder folder, BaseImageOptions? baseOptions = null, DockerfileOptions? options = null, bool cogBaseExists = false)
    {
        var build = folder.Resolve();
        var selection = BaseImageSelector.SelectWithoutRegistry(build, baseOptions ?? new BaseImageOptions(), cogBaseExists);
        return DockerfileGenerator.Generate(build, selection.Image, options);
    }

    [TestMethod]
    public void Cpu()
    {
        using var folder = new ModelFolder(CpuYaml, ("requirements.txt", "torch==2.5.1\npillow==11.0.0\n"));
        Golden.Match("cpu", Plan(folder));
    }

    [TestMethod]
    public void CpuClassicBuilder()
    {
        using var folder = new ModelFolder(CpuYaml, ("requirements.txt", "torch==2.5.1\npillow==11.0.0\n"));
        Golden.Match("cpu-classic", Plan(folder, options: new DockerfileOptions { Dialect = DockerfileDialect.Classic }));
    }

    [TestMethod]
    public void MinimalWithoutRequirements()
    {
        using var folder = new ModelFolder("run: run.py:Runner\n");
        var plan = Plan(folder, options: new DockerfileOptions { Dialect = DockerfileDialect.Classic });
        Golden.Match("minimal", plan);
        Assert.AreEqual(0, plan.Diagnostics.Count);
    }

    [TestMethod]
    public void GpuTorch()
    {
        using var folder = new ModelFolder(GpuTorchYaml, ("requirements.txt", "torch==2.7.1\ntorchvision==0.22.1\n"));
        Golden.Match("gpu-torch", Plan(folder));
    }

    [TestMethod]
    public void GpuTensorflow()
    {
        using var folder = new ModelFolder(GpuTorchYaml.Replace("3.12", "3.11"), ("requirements.txt", "tensorflow==2.14.0\nnumpy==1.26.4\n"));
        Golden.Match("gpu-tensorflow", Plan(folder));
    }

    [TestMethod]
    public void CogBaseGpu()
    {
        using var folder = new ModelFolder(GpuTorchYaml, ("requirements.txt", "torch==2.7.1\ntorchvision==0.22.1\n"));
        var plan = Plan(folder, cogBaseExists: true);
        Assert.AreEqual("r8.im/cog-base:cuda12.8-python3.12-torch2.7.1", plan.BaseImage.Reference);
        Golden.Match("cog-base-gpu", plan);
    }

    [TestMethod]
    public void CogBaseCuda13()
    {
        using var folder = new ModelFolder(GpuTorchYaml, ("requirements.txt", "torch==2.9.1\n"));
        var plan = Plan(folder, cogBaseExists: true);
        Assert.AreEqual("r8.im/cog-base:cuda13.0-python3.12-torch2.9.1", plan.BaseImage.Reference);
        Golden.Match("cog-base-cuda13", plan);
    }

    [TestMethod]
    public void CogBaseCpuLeavesOutPreinstalledPackages()
    {
        using var folder = new ModelFolder(CpuYaml.Replace("[ffmpeg]", "[ffmpeg, cowsay]"), ("requirements.txt", "torch==2.5.1\npillow==11.0.0\n"));
        var plan = Plan(folder, cogBaseExists: true);
        Assert.AreEqual("r8.im/cog-base:python3.12-torch2.5.1", plan.BaseImage.Reference);
        Golden.Match("cog-base-cpu", plan);
    }

    [TestMethod]
    public void Secrets()
    {
        using var folder = new ModelFolder("""
            build:
              python_version: "3.11"
              run:
                - echo plain
                - command: cat /run/secrets/token > /dev/null
                  mounts:
                    - type: secret
                      id: token
                      target: /run/secrets/token
            run: run.py:Runner
            """);
        var plan = Plan(folder);
        Assert.IsTrue(plan.UsesSecrets);
        Golden.Match("secrets", plan);
    }

    [TestMethod]
    public void CaCertificate()
    {
        using var folder = new ModelFolder("build:\n  python_version: '3.11'\nrun: run.py:Runner\n");
        var pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
        Golden.Match("ca-cert", Plan(folder, options: new DockerfileOptions { CaCertificatePem = pem }));
    }

    [TestMethod]
    public void EnvironmentConcurrencyAndTrain()
    {
        using var folder = new ModelFolder("""
            build:
              python_version: "3.12"
            environment:
              - ZED=last
              - GREETING=hello world
              - QUOTED=say "hi" \ back
              - REF=$HOME/x
            run: run.py:Runner
            train: train.py:train
            concurrency:
              max: 4
            """);
        Golden.Match("environment", Plan(folder, new BaseImageOptions(Override: "mirror.local/python:3.12-slim")));
    }

    [TestMethod]
    public void SeparateWeights()
    {
        using var folder = new ModelFolder("build:\n  python_version: '3.11'\nrun: run.py:Runner\n");
        var layout = new WeightsLayout("cog-model-weights", ["model.safetensors", "checkpoints", "my weights"]);
        var plan = Plan(folder, options: new DockerfileOptions { SeparateWeights = layout });
        CollectionAssert.Contains(plan.ContextExclusions.ToList(), "checkpoints/**");
        Golden.Match("separate-weights", plan);
    }

    [TestMethod]
    public void LocalWheelAndNonDefaultConfigName()
    {
        using var folder = new ModelFolder(
            "build:\n  python_version: '3.11'\n  python_requirements: requirements.txt\nrun: run.py:Runner\n",
            ("requirements.txt", "./wheels/hello-1.0-py3-none-any.whl\n"),
            ("wheels/hello-1.0-py3-none-any.whl", "PK"));
        Golden.Match("local-wheel", Plan(folder, options: new DockerfileOptions { ConfigFileName = "cog.gpu.yaml", Dialect = DockerfileDialect.Classic }));
    }
}
