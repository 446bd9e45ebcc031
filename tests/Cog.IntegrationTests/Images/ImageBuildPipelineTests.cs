using System.Text.Json;
using System.Text.Json.Nodes;
using Cog.Build.Diagnostics;
using Cog.Build.Docker;
using Cog.Build.Dockerfile;
using Cog.Build.Images;

namespace Cog.IntegrationTests.Images;

[TestClass]
public sealed class ImageBuildPipelineTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(900_000, CooperativeCancellation = true)]
    public async Task BuildsALabelledModelImageThatServesAndRebuildsOnlyTheCodeLayer()
    {
        var engine = await Engine.GetWithPythonBaseAsync();
        using var project = new TempDirectory();
        RepoPaths.CopyFixture("engine-text", project.Path);
        var big = Path.Combine(project.Path, "big.bin");
        await using (var stream = File.Create(big))
        {
            stream.SetLength(20 * 1024 * 1024);
        }

        var name = Engine.UniqueImageName("cogtest-engine") + ":latest";
        var log = new List<string>();
        var pipeline = new ImageBuildPipeline(engine, line => { lock (log) { log.Add(line); } });
        var request = new ImageBuildRequest(project.Path, RepoPaths.Runtime) { ImageName = name, BaseImage = new BaseImageOptions(UseCogBaseImage: false) };
        try
        {
            var outcome = await pipeline.BuildAsync(request, TestContext.CancellationToken);
            TestContext.WriteLine(string.Join("\n", log.TakeLast(40)));

            // Labels are present and parseable.
            var image = await engine.InspectImageAsync(name);
            Assert.IsNotNull(image);
            Assert.AreEqual(outcome.ImageId, image.Id);
            Assert.AreEqual("true", image.Labels[ImageLabels.HasInit]);
            Assert.IsFalse(string.IsNullOrEmpty(image.Labels[ImageLabels.Version]));
            var config = JsonNode.Parse(image.Labels[ImageLabels.Config])!.AsObject();
            Assert.AreEqual("run.py:Runner", (string?)config["predict"]);
            var schemaLabel = JsonNode.Parse(image.Labels[ImageLabels.OpenApiSchema])!;
            Assert.IsNotNull(schemaLabel["components"]!["schemas"]!["Input"]!["properties"]!["text"]);
            Assert.IsTrue(image.Labels.ContainsKey(ImageLabels.PipFreeze));
            Assert.IsTrue(JsonNode.DeepEquals(schemaLabel, JsonNode.Parse(File.ReadAllText(Path.Combine(project.Path, ".cog", "openapi_schema.json")))));

            // system_packages, build.run, environment and .dockerignore all shaped the image.
            var check = await engine.RunToCompletionAsync(new ContainerSpec(name)
            {
                Command = new[] { "sh", "-c", "cat /opt/run-step.txt; command -v tree; echo \"$GREETING\"; test -e /src/run.py && echo has-code; test -e /src/big.bin && echo has-big || echo no-big; test -e /src/.cog && echo has-generated || echo no-generated" },
            });
            Assert.AreEqual(0L, check.ExitCode, check.Stderr);
            Assert.AreEqual("run step ran\n/usr/bin/tree\nhej\nhas-code\nno-big\nno-generated\n", check.Stdout);

            // The image serves: /health-check says READY and /openapi.json equals the schema label.
            await using (var container = await engine.StartContainerAsync(new ContainerSpec(name) { PublishedPorts = new Dictionary<int, int> { [5000] = 0 } }))
            {
                using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{container.HostPorts[5000]}/") };
                string? status = null;
                for (var attempt = 0; attempt < 150 && status != "READY"; attempt++)
                {
                    try
                    {
                        status = (string?)JsonNode.Parse(await http.GetStringAsync("health-check"))!["status"];
                    }
                    catch (HttpRequestException)
                    {
                    }

                    if (status != "READY")
                    {
                        await Task.Delay(200);
                    }
                }

                Assert.AreEqual("READY", status, (await container.ReadLogsAsync()).Stderr);
                var served = JsonNode.Parse(await http.GetStringAsync("openapi.json"));
                Assert.IsTrue(JsonNode.DeepEquals(schemaLabel, served), $"label:\n{schemaLabel}\nserved:\n{served}");
            }

            // Building again with no change runs no step and keeps the very same image.
            var again = await pipeline.BuildAsync(request, TestContext.CancellationToken);
            Assert.IsEmpty(again.Build.ExecutedSteps.ToList());
            Assert.AreEqual(outcome.ImageId, again.ImageId);
            Assert.AreEqual(outcome.SchemaJson, again.SchemaJson);

            // Editing the model code re-runs only the final COPY.
            // Unique text: an edit seen in an earlier run would come from the engine cache.
            File.AppendAllText(Path.Combine(project.Path, "run.py"), $"\n# edited {Guid.NewGuid():N}\n");
            var rebuilt = await pipeline.BuildAsync(request, TestContext.CancellationToken);
            CollectionAssert.AreEqual(new[] { "COPY src/ /src" }, rebuilt.Build.ExecutedSteps.Select(s => s.Instruction).ToArray(),
                string.Join("\n", rebuilt.Build.DockerfileSteps.Select(s => $"{s.Name} cached={s.Cached}")));
            Assert.AreNotEqual(outcome.ImageId, rebuilt.ImageId);
            Assert.IsNull(await engine.InspectImageAsync(outcome.ImageId), "the replaced image should not linger as <none>");
        }
        finally
        {
            await engine.RemoveImageAsync(name);
        }
    }

    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public async Task TheDevImageStopsAtTheDependencyStage()
    {
        var engine = await Engine.GetWithPythonBaseAsync();
        using var project = new TempDirectory();
        project.Write("cog.yaml", "build:\n  python_version: \"3.11\"\nrun: \"run.py:Runner\"\n");
        project.Write("run.py", "from cog import BaseRunner\n\nclass Runner(BaseRunner):\n    def run(self, x: int) -> int:\n        return x * 2\n");
        var name = Engine.UniqueImageName("cogtest-engine") + ":dev";
        try
        {
            var outcome = await new ImageBuildPipeline(engine).BuildAsync(
                new ImageBuildRequest(project.Path, RepoPaths.Runtime) { ImageName = name, DevImage = true, BaseImage = new BaseImageOptions(UseCogBaseImage: false) },
                TestContext.CancellationToken);

            Assert.IsNull(outcome.SchemaJson);
            Assert.IsFalse(outcome.Build.DockerfileSteps.Any(s => s.Instruction == "COPY src/ /src"));
            var check = await engine.RunToCompletionAsync(new ContainerSpec(name)
            {
                Command = new[] { "sh", "-c", "test -e /src/run.py && echo has-code || echo no-code; python -c 'import cog; print(cog.__name__)'" },
            });
            Assert.AreEqual("no-code\ncog\n", check.Stdout, check.Stderr);
        }
        finally
        {
            await engine.RemoveImageAsync(name);
        }
    }

    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public async Task ASchemaErrorFailsTheBuildNamingTheParameter()
    {
        var engine = await Engine.GetWithPythonBaseAsync();
        using var project = new TempDirectory();
        project.Write("cog.yaml", "build:\n  python_version: \"3.11\"\nrun: \"run.py:Runner\"\n");
        project.Write("run.py", "from cog import BaseRunner\n\nclass Runner(BaseRunner):\n    def run(self, weird_param: complex) -> str:\n        return 'x'\n");
        var name = Engine.UniqueImageName("cogtest-engine");

        var error = await Assert.ThrowsExactlyAsync<CogException>(() => new ImageBuildPipeline(engine).BuildAsync(
            new ImageBuildRequest(project.Path, RepoPaths.Runtime) { ImageName = name, BaseImage = new BaseImageOptions(UseCogBaseImage: false) },
            TestContext.CancellationToken));

        Assert.AreEqual("COG3010", error.Diagnostics.Single().Code, error.Message);
        StringAssert.Contains(error.Message, "weird_param");
        Assert.IsNull(await engine.InspectImageAsync(name));
    }

    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public async Task TheClassicBuilderBuildsTheClassicDialect()
    {
        var engine = await Engine.GetWithPythonBaseAsync();
        using var project = new TempDirectory();
        project.Write("cog.yaml", "build:\n  python_version: \"3.11\"\n  run:\n    - echo classic > /opt/builder.txt\nrun: \"run.py:Runner\"\n");
        project.Write("run.py", "from cog import BaseRunner\n\nclass Runner(BaseRunner):\n    def run(self, x: int) -> int:\n        return x * 2\n");
        var name = Engine.UniqueImageName("cogtest-engine");
        try
        {
            var outcome = await new ImageBuildPipeline(engine).BuildAsync(
                new ImageBuildRequest(project.Path, RepoPaths.Runtime) { ImageName = name, UseBuildKit = false, BaseImage = new BaseImageOptions(UseCogBaseImage: false) },
                TestContext.CancellationToken);

            Assert.IsFalse(outcome.Build.UsedBuildKit);
            Assert.DoesNotContain("--mount", outcome.Dockerfile);
            var schema = JsonNode.Parse(outcome.SchemaJson!)!;
            Assert.AreEqual("integer", (string?)schema["components"]!["schemas"]!["Input"]!["properties"]!["x"]!["type"]);
            var check = await engine.RunToCompletionAsync(new ContainerSpec(name) { Command = new[] { "cat", "/opt/builder.txt" } });
            Assert.AreEqual("classic\n", check.Stdout);
        }
        finally
        {
            await engine.RemoveImageAsync(name);
        }
    }

    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public async Task TheReleaseImageHoldsTheModelButNotTheGeneratedFilesAndTrustsCogCaCert()
    {
        var engine = await Engine.GetWithPythonBaseAsync();
        using var project = new TempDirectory();
        project.Write("cog.yaml", "build:\n  python_version: \"3.11\"\nrun: \"run.py:Runner\"\n");
        project.Write("run.py", "from cog import BaseRunner\n\nclass Runner(BaseRunner):\n    def run(self, x: int) -> int:\n        return x + 1\n");
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var pem = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=cog-wiring-test", key, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1)).ExportCertificatePem();
        var name = Engine.UniqueImageName("cogtest-engine");
        var previous = Environment.GetEnvironmentVariable("COG_CA_CERT");
        Environment.SetEnvironmentVariable("COG_CA_CERT", pem);
        try
        {
            // The classic builder: the BuildKit path is covered by the first test's check.
            var outcome = await new ImageBuildPipeline(engine).BuildAsync(
                new ImageBuildRequest(project.Path, RepoPaths.Runtime) { ImageName = name, UseBuildKit = false, BaseImage = new BaseImageOptions(UseCogBaseImage: false) },
                TestContext.CancellationToken);

            StringAssert.Contains(outcome.Dockerfile, "COPY .cog/ca-cert.crt /usr/local/share/ca-certificates/cog-ca-cert.crt");
            var check = await engine.RunToCompletionAsync(new ContainerSpec(name)
            {
                Command = new[] { "sh", "-c", "ls -A /src; test -e /src/.cog && echo has-generated || echo no-generated; grep -c BEGIN /usr/local/share/ca-certificates/cog-ca-cert.crt; echo \"$SSL_CERT_FILE\"" },
            });
            Assert.AreEqual("cog.yaml\nrun.py\nno-generated\n1\n/etc/ssl/certs/ca-certificates.crt\n", check.Stdout, check.Stderr);
            var bundle = await engine.RunToCompletionAsync(new ContainerSpec(name) { Command = new[] { "cat", "/etc/ssl/certs/ca-certificates.crt" } });
            StringAssert.Contains(bundle.Stdout.ReplaceLineEndings("\n"), pem.ReplaceLineEndings("\n").Split('\n')[1], "the certificate joined the trusted bundle");
        }
        finally
        {
            Environment.SetEnvironmentVariable("COG_CA_CERT", previous);
            await engine.RemoveImageAsync(name);
        }
    }

    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public async Task SeparateWeightsLiveInTheirOwnImageAndAreNotResent()
    {
        var engine = await Engine.GetWithPythonBaseAsync();
        using var project = new TempDirectory();
        project.Write("cog.yaml", "build:\n  python_version: \"3.11\"\nrun: \"run.py:Runner\"\n");
        project.Write("run.py", "from cog import BaseRunner\n\nclass Runner(BaseRunner):\n    def run(self, x: int) -> int:\n        return x\n");
        var weightsFile = Path.Combine(project.Path, "model.bin");
        await using (var stream = File.Create(weightsFile))
        {
            stream.Write(Guid.NewGuid().ToByteArray());
            stream.SetLength(11 * 1024 * 1024);
        }

        var name = Engine.UniqueImageName("cogtest-engine");
        var weightsImage = name + "-weights";
        var log = new List<string>();
        var pipeline = new ImageBuildPipeline(engine, line => { lock (log) { log.Add(line); } });
        var request = new ImageBuildRequest(project.Path, RepoPaths.Runtime) { ImageName = name, SeparateWeights = true, BaseImage = new BaseImageOptions(UseCogBaseImage: false) };
        try
        {
            var outcome = await pipeline.BuildAsync(request, TestContext.CancellationToken);

            StringAssert.Contains(outcome.Dockerfile, $"FROM {weightsImage} AS weights");
            var weights = await engine.InspectImageAsync(weightsImage);
            Assert.IsNotNull(weights);
            Assert.IsTrue(weights.Labels.ContainsKey(ImageLabels.WeightsManifest));
            var check = await engine.RunToCompletionAsync(new ContainerSpec(name) { Command = new[] { "stat", "-c", "%s", "/src/model.bin" } });
            Assert.AreEqual($"{11 * 1024 * 1024}\n", check.Stdout, check.Stderr);

            log.Clear();
            File.AppendAllText(Path.Combine(project.Path, "run.py"), $"\n# {Guid.NewGuid():N}\n");
            await pipeline.BuildAsync(request, TestContext.CancellationToken);

            CollectionAssert.Contains(log, $"Weights image {weightsImage} is up to date");
            Assert.AreEqual(weights.Id, (await engine.InspectImageAsync(weightsImage))!.Id);
        }
        finally
        {
            await engine.RemoveImageAsync(name);
            await engine.RemoveImageAsync(weightsImage);
        }
    }

    [TestMethod]
    public async Task RendersTheDockerfileWithoutAnEngine()
    {
        using var project = new TempDirectory();
        RepoPaths.CopyFixture("engine-text", project.Path);

        var dockerfile = await ImageBuildPipeline.RenderDockerfileAsync(
            new ImageBuildRequest(project.Path, RepoPaths.Runtime) { BaseImage = new BaseImageOptions(UseCogBaseImage: false) });

        StringAssert.Contains(dockerfile, "FROM python:3.11-slim AS deps");
        StringAssert.Contains(dockerfile, "tree");
        StringAssert.EndsWith(dockerfile.TrimEnd(), "COPY src/ /src");
    }
}
