using Cog.Build.Diagnostics;
using Cog.Build.Docker;
using Cog.Build.Dockerfile;

namespace Cog.IntegrationTests.Docker;

[TestClass]
public sealed class DockerEngineTests
{
    [TestMethod]
    public async Task ConnectsAndNegotiatesApiVersion()
    {
        var engine = await Engine.GetAsync();

        Assert.IsTrue(engine.ApiVersion >= DockerEngine.MinimumApiVersion, $"API {engine.ApiVersion}");
        Assert.IsTrue(engine.ApiVersion <= DockerEngine.MaximumApiVersion, $"API {engine.ApiVersion}");
        Assert.IsFalse(string.IsNullOrEmpty(engine.ServerVersion));
    }

    [TestMethod]
    public async Task AnEngineThatDoesNotAnswerIsACodedErrorWithWhatToDo()
    {
        var socket = Path.Combine(Path.GetTempPath(), $"cog-no-engine-{Guid.NewGuid():N}.sock");

        var error = await Assert.ThrowsExactlyAsync<CogException>(() => DockerEngine.ConnectAsync(new Uri("unix://" + socket)));

        Assert.AreEqual("COG3001", error.Diagnostics.Single().Code);
        StringAssert.Contains(error.Message, socket);
        StringAssert.Contains(error.Message, "eng/setup-docker.sh");
    }

    [TestMethod]
    [DoNotParallelize]
    public async Task TheCurrentDockerContextChoosesTheEndpoint()
    {
        using var config = new TempDirectory();
        var socket = Path.Combine(config.Path, "context-engine.sock");
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("cogtest"))).ToLowerInvariant();
        config.Write("config.json", "{\"currentContext\": \"cogtest\"}");
        config.Write($"contexts/meta/{hash}/meta.json",
            "{\"Name\":\"cogtest\",\"Metadata\":{},\"Endpoints\":{\"docker\":{\"Host\":\"unix://" + socket + "\",\"SkipTLSVerify\":false}}}");
        var saved = (Host: Environment.GetEnvironmentVariable("DOCKER_HOST"), Config: Environment.GetEnvironmentVariable("DOCKER_CONFIG"), Context: Environment.GetEnvironmentVariable("DOCKER_CONTEXT"));
        Environment.SetEnvironmentVariable("DOCKER_HOST", null);
        Environment.SetEnvironmentVariable("DOCKER_CONTEXT", null);
        Environment.SetEnvironmentVariable("DOCKER_CONFIG", config.Path);
        try
        {
            // The context names a socket nobody listens on, so reaching for it proves the context was read.
            var error = await Assert.ThrowsExactlyAsync<CogException>(() => DockerEngine.ConnectAsync());

            Assert.AreEqual("COG3001", error.Diagnostics.Single().Code);
            StringAssert.Contains(error.Message, socket);
        }
        finally
        {
            Environment.SetEnvironmentVariable("DOCKER_HOST", saved.Host);
            Environment.SetEnvironmentVariable("DOCKER_CONFIG", saved.Config);
            Environment.SetEnvironmentVariable("DOCKER_CONTEXT", saved.Context);
        }
    }

    [TestMethod]
    public async Task BuildsAndRunsATrivialImage()
    {
        var engine = await Engine.GetWithPythonBaseAsync();
        using var project = new TempDirectory();
        project.Write("hello.py", "print('hello from the container')\n");
        var dockerfile = $"FROM {Engine.PythonBaseImage}\nWORKDIR /app\nCOPY hello.py /app/\nCMD [\"python\", \"/app/hello.py\"]\n";
        var context = new BuildContext(project.Path).AddText(".cog/Dockerfile", dockerfile);
        var name = Engine.UniqueImageName("cogtest-engine");
        var lines = new List<string>();
        try
        {
            var result = await engine.BuildAsync(
                new BuildRequest(context, ".cog/Dockerfile") { DockerfileText = dockerfile, Tags = new[] { name }, Labels = new Dictionary<string, string> { ["org.cogdotnet.test"] = "yes" } },
                lines.Add);

            Assert.StartsWith("sha256:", result.ImageId);
            Assert.AreEqual(engine.BuildKitAvailable, result.UsedBuildKit);
            Assert.IsTrue(result.DockerfileSteps.Any(s => s.Instruction.StartsWith("COPY hello.py", StringComparison.Ordinal)), string.Join("\n", lines));
            var image = await engine.InspectImageAsync(name);
            Assert.IsNotNull(image);
            Assert.AreEqual("yes", image.Labels["org.cogdotnet.test"]);

            var run = await engine.RunToCompletionAsync(new ContainerSpec(name));
            Assert.AreEqual(0L, run.ExitCode, run.Stderr);
            Assert.AreEqual("hello from the container\n", run.Stdout);
        }
        finally
        {
            await engine.RemoveImageAsync(name);
        }
    }

    [TestMethod]
    public async Task ChangingOnlyTheLastCopiedFileReExecutesOnlyTheLastStep()
    {
        var engine = await Engine.GetWithPythonBaseAsync();
        using var project = new TempDirectory();
        project.Write("deps.txt", $"stable {Guid.NewGuid():N}\n"); // unique, so no earlier run has this layer cached
        project.Write("code.py", "print(1)\n");
        // The marker keeps this test's RUN layer apart from other tests' cache.
        var dockerfile = $"FROM {Engine.PythonBaseImage}\nCOPY deps.txt /deps.txt\nRUN echo {Guid.NewGuid():N} > /marker && cat /deps.txt\nCOPY code.py /src/code.py\n";
        var name = Engine.UniqueImageName("cogtest-engine");
        try
        {
            BuildRequest Request() => new(new BuildContext(project.Path).AddText(".cog/Dockerfile", dockerfile), ".cog/Dockerfile") { DockerfileText = dockerfile, Tags = new[] { name } };
            var first = await engine.BuildAsync(Request());
            CollectionAssert.AreEquivalent(
                new[] { "COPY deps.txt /deps.txt", $"RUN echo {dockerfile.Split("echo ")[1].Split(' ')[0]} > /marker && cat /deps.txt", "COPY code.py /src/code.py" },
                first.ExecutedSteps.Select(s => s.Instruction).ToArray());

            project.Write("code.py", "print(2)\n");
            var second = await engine.BuildAsync(Request());

            CollectionAssert.AreEqual(new[] { "COPY code.py /src/code.py" }, second.ExecutedSteps.Select(s => s.Instruction).ToArray(),
                string.Join("\n", second.Steps.Select(s => $"{s.Name} cached={s.Cached}")));
            Assert.AreNotEqual(first.ImageId, second.ImageId);
            await engine.RemoveIfUntaggedAsync(first.ImageId);
            Assert.IsNull(await engine.InspectImageAsync(first.ImageId));
        }
        finally
        {
            await engine.RemoveImageAsync(name);
        }
    }

    [TestMethod]
    public async Task AFailingStepNamesTheStepAndShowsItsLastOutput()
    {
        var engine = await Engine.GetWithPythonBaseAsync();
        using var project = new TempDirectory();
        var dockerfile = $"FROM {Engine.PythonBaseImage}\nRUN echo about-to-fail-{Guid.NewGuid():N} && echo second-line && exit 3\n";
        var context = new BuildContext(project.Path).AddText(".cog/Dockerfile", dockerfile);

        var error = await Assert.ThrowsExactlyAsync<CogException>(() => engine.BuildAsync(new BuildRequest(context, ".cog/Dockerfile") { DockerfileText = dockerfile }));

        var diagnostic = error.Diagnostics.Single();
        Assert.AreEqual("COG3004", diagnostic.Code);
        StringAssert.Contains(diagnostic.Message, "RUN echo about-to-fail");
        StringAssert.Contains(diagnostic.Message, "second-line");
        StringAssert.Matches(diagnostic.Message, new System.Text.RegularExpressions.Regex("(exit code: 3|non-zero code: 3)"));
    }

    [TestMethod]
    public async Task AMissingBaseImageIsReportedWithWhatToDo()
    {
        var engine = await Engine.GetAsync();
        using var project = new TempDirectory();
        var dockerfile = "FROM cogtest-engine-absent:1.0 AS base\nFROM base\nCOPY --from=base /etc/hostname /x\n";
        var context = new BuildContext(project.Path).AddText(".cog/Dockerfile", dockerfile);

        var error = await Assert.ThrowsExactlyAsync<CogException>(() => engine.BuildAsync(new BuildRequest(context, ".cog/Dockerfile") { DockerfileText = dockerfile }));

        Assert.AreEqual("COG3003", error.Diagnostics.Single().Code);
        StringAssert.Contains(error.Message, "'cogtest-engine-absent:1.0'");
        StringAssert.Contains(error.Message, "COG_BASE_IMAGE");
    }

    [TestMethod]
    public async Task TheClassicBuilderReportsCacheHitsToo()
    {
        var engine = await Engine.GetWithPythonBaseAsync();
        using var project = new TempDirectory();
        project.Write("code.py", "print(1)\n");
        var dockerfile = $"FROM {Engine.PythonBaseImage}\nRUN echo {Guid.NewGuid():N} > /marker\nCOPY code.py /src/code.py\n";
        var name = Engine.UniqueImageName("cogtest-engine");
        try
        {
            BuildRequest Request() => new(new BuildContext(project.Path).AddText(".cog/Dockerfile", dockerfile), ".cog/Dockerfile") { DockerfileText = dockerfile, Tags = new[] { name }, UseBuildKit = false };
            var first = await engine.BuildAsync(Request());
            Assert.IsFalse(first.UsedBuildKit);
            project.Write("code.py", "print(2)\n");
            var second = await engine.BuildAsync(Request());

            CollectionAssert.AreEqual(new[] { "COPY code.py /src/code.py" }, second.ExecutedSteps.Select(s => s.Instruction).ToArray(),
                string.Join("\n", second.Steps.Select(s => $"{s.Name} cached={s.Cached}")));
            await engine.RemoveIfUntaggedAsync(first.ImageId);
        }
        finally
        {
            await engine.RemoveImageAsync(name);
        }
    }

    [TestMethod]
    public async Task BuildSecretsGoThroughBuildxOrSayWhatIsMissing()
    {
        var engine = await Engine.GetWithPythonBaseAsync();
        using var project = new TempDirectory();
        var secretFile = project.Write("token.txt", "s3cret");
        var dockerfile = $"FROM {Engine.PythonBaseImage}\nRUN --mount=type=secret,id=token,target=/run/secrets/token cat /run/secrets/token > /copied\n";
        var context = new BuildContext(project.Path, DockerIgnore.Parse("token.txt")).AddText(".cog/Dockerfile", dockerfile);
        var name = Engine.UniqueImageName("cogtest-engine");
        var request = new BuildRequest(context, ".cog/Dockerfile") { DockerfileText = dockerfile, Tags = new[] { name }, Secrets = new[] { "id=token,src=" + secretFile } };
        try
        {
            if (!BuildxInstalled())
            {
                // This machine's docker CLI has no buildx plugin: the build must stop with the coded explanation.
                var error = await Assert.ThrowsExactlyAsync<CogException>(() => engine.BuildAsync(request));
                Assert.AreEqual("COG3008", error.Diagnostics.Single().Code);
                return;
            }

            await engine.BuildAsync(request);
            var run = await engine.RunToCompletionAsync(new ContainerSpec(name) { Command = new[] { "cat", "/copied" } });
            Assert.AreEqual("s3cret", run.Stdout);
        }
        finally
        {
            await engine.RemoveImageAsync(name);
        }
    }

    private static bool BuildxInstalled()
    {
        try
        {
            using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("docker", "buildx version") { RedirectStandardOutput = true, RedirectStandardError = true });
            process!.WaitForExit(10_000);
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    [TestMethod]
    public async Task ContainersPublishOnLoopbackAndAreRemovedOnDispose()
    {
        var engine = await Engine.GetWithPythonBaseAsync();
        string id;
        await using (var container = await engine.StartContainerAsync(new ContainerSpec(Engine.PythonBaseImage)
        {
            Command = new[] { "python", "-m", "http.server", "5000" },
            Environment = new Dictionary<string, string> { ["COG_TEST"] = "1" },
            PublishedPorts = new Dictionary<int, int> { [5000] = 0 },
            Labels = new Dictionary<string, string> { ["org.cogdotnet.test"] = "engine" },
        }))
        {
            id = container.Id;
            var port = container.HostPorts[5000];
            using var http = new HttpClient();
            string? body = null;
            for (var attempt = 0; attempt < 50 && body is null; attempt++)
            {
                try
                {
                    body = await http.GetStringAsync($"http://127.0.0.1:{port}/");
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(100);
                }
            }

            StringAssert.Contains(body, "Directory listing");
            var inspect = await engine.Client.Containers.InspectContainerAsync(id);
            Assert.AreEqual("127.0.0.1", inspect.HostConfig!.PortBindings!["5000/tcp"]![0].HostIP);
        }

        await Assert.ThrowsExactlyAsync<global::Docker.DotNet.DockerContainerNotFoundException>(() => engine.Client.Containers.InspectContainerAsync(id));
    }
}
