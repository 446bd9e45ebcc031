using System.Text.Json.Nodes;
using Cog.Build.Dockerfile;
using Cog.Build.Images;
using Cog.Build.Registry;

namespace Cog.IntegrationTests.Registry;

/// <summary>
/// The whole push walk with the real build pipeline: a model folder is built by ImageBuildPipeline (FROM the stand-in
/// python:3.11-slim), pushed to a real registry acting as the Replicate host, and read back with its run.cog.* labels.
/// </summary>
[TestClass]
public sealed class CogImagePushTests
{
    private const string User = "cogtest";
    private const string Password = "Cog-image-pa55";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(900_000, CooperativeCancellation = true)]
    public async Task BuiltModelImageIsPushedWithItsCogLabelsAndTheModelIsCreatedFirst()
    {
        var engine = await Engine.GetWithPythonBaseAsync();
        using var registry = RegistryServer.Start(User, Password);
        using var standIn = new ReplicateApiStandIn("cli-token", "cogtest-registry", "r8_stand-in-token");
        using var config = new TestDockerConfig();
        using var project = new TempDirectory();
        RepoPaths.CopyFixture("inputs-echo", project.Path);
        config.Variables["COG_REGISTRY_HOST"] = registry.Host;
        config.Variables["COG_REPLICATE_API_HOST"] = standIn.BaseUrl;
        config.Variables["REPLICATE_API_TOKEN"] = standIn.ApiToken;

        await LoginCommand.RunAsync(
            new LoginOptions { Registry = registry.Host, Username = User, PasswordStdin = true },
            new LoginConsole(new StringReader(Password), new StringWriter(), new StringWriter()) { Environment = config.Get },
            TestContext.CancellationToken);

        var name = $"{registry.Host}/cogtest-registry/echo-{Guid.NewGuid().ToString("N")[..8]}:v1";
        var log = new List<string>();
        var build = new ImageBuildPipeline(engine, line => { lock (log) { log.Add(line); } });
        try
        {
            var pipeline = new PushPipeline(engine.Client, async (image, token) =>
            {
                await build.BuildAsync(new ImageBuildRequest(project.Path, RepoPaths.Runtime) { ImageName = image, BaseImage = new BaseImageOptions(UseCogBaseImage: false) }, token);
            });

            var result = await pipeline.RunAsync(new PushPipelineRequest { ImageArgument = name, Environment = config.Get }, line => { lock (log) { log.Add(line); } }, TestContext.CancellationToken);

            Assert.IsTrue(result.ModelCreated, string.Join("\n", log.TakeLast(30)));
            using var api = new RegistryApiClient();
            var credential = new RegistryCredential(User, Password, registry.Host);
            var manifest = JsonNode.Parse((await api.GetManifestAsync(ImageReference.Parse(name), credential, TestContext.CancellationToken)).Content)!;
            var imageConfig = JsonNode.Parse(await api.GetBlobAsync(ImageReference.Parse(name), manifest["config"]!["digest"]!.GetValue<string>(), credential, TestContext.CancellationToken))!;
            var labels = imageConfig["config"]!["Labels"]!.AsObject();
            Assert.AreEqual("run.py:Runner", JsonNode.Parse(labels[ImageLabels.Config]!.GetValue<string>())!["predict"]!.GetValue<string>());
            Assert.IsNotNull(JsonNode.Parse(labels[ImageLabels.OpenApiSchema]!.GetValue<string>())!["components"]);
            Assert.IsTrue(labels.ContainsKey(ImageLabels.Version));
            CollectionAssert.Contains(log, "Latest version: " + standIn.LatestVersionId);
        }
        finally
        {
            await engine.RemoveImageAsync(name);
        }
    }
}
