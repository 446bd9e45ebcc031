using System.Text.Json.Nodes;
using Cog.Build.Diagnostics;
using Cog.Build.Images;
using Cog.Build.Registry;

namespace Cog.IntegrationTests.Registry;

/// <summary>
/// Replicate's login token flow and the push-time model check, against <see cref="ReplicateApiStandIn"/> (Replicate's web
/// endpoints cannot be reached here) plus a real registry that answers NAME_UNKNOWN.
/// </summary>
[TestClass]
public sealed class ReplicateFlowTests
{
    private const string CliToken = "cli-token-0123456789";
    private const string ApiToken = "r8_api-token-for-the-stand-in";
    private const string User = "cogtest";
    private const string Password = "Replicate-flow-pa55";

    private static RegistryServer s_registry = null!;
    private static RegistryServer s_openRegistry = null!;

    [ClassInitialize]
    public static void StartRegistries(TestContext context)
    {
        s_registry = RegistryServer.Start(User, Password);
        s_openRegistry = RegistryServer.Start();
    }

    [ClassCleanup]
    public static void StopRegistries()
    {
        s_registry?.Dispose();
        s_openRegistry?.Dispose();
    }

    [TestMethod]
    public async Task InteractiveTokenLoginVerifiesTheTokenAndStoresIt()
    {
        using var standIn = new ReplicateApiStandIn(CliToken, "alice", ApiToken);
        using var config = new TestDockerConfig();
        var messages = new StringWriter();
        var opened = new List<string>();

        var result = await LoginCommand.RunAsync(
            new LoginOptions { RegistryOption = standIn.BaseUrl },
            new LoginConsole(new StringReader("\n" + CliToken + "\n"), new StringWriter(), messages) { Environment = config.Get, OpenBrowser = opened.Add });

        Assert.AreEqual("alice", result.Username);
        Assert.AreEqual($"127.0.0.1:{standIn.Port}", result.Host);
        CollectionAssert.AreEqual(new[] { standIn.BaseUrl + "/auth/token" }, opened);
        StringAssert.Contains(messages.ToString(), "You've successfully authenticated as alice!");
        Assert.IsFalse(messages.ToString().Contains(CliToken));
        Assert.AreEqual("token=" + CliToken, standIn.Requests.Single(r => r.Path == "/cog/v1/verify-token").Body);
        var stored = new DockerCredentialStore(config.Directory, config.Get).Resolve(result.Host)!;
        Assert.AreEqual("alice", stored.Username);
        Assert.AreEqual(CliToken, stored.Secret);
    }

    [TestMethod]
    public async Task TokenStdinUsesTheRegistryHostFromTheEnvironment()
    {
        using var standIn = new ReplicateApiStandIn(CliToken, "bob", ApiToken);
        using var config = new TestDockerConfig();
        config.Variables["COG_REGISTRY_HOST"] = standIn.BaseUrl;

        var result = await LoginCommand.RunAsync(
            new LoginOptions { TokenStdin = true },
            new LoginConsole(new StringReader("  " + CliToken + "\n"), new StringWriter(), new StringWriter()) { Environment = config.Get });

        Assert.AreEqual("bob", result.Username);
        Assert.IsFalse(standIn.Requests.Any(r => r.Path == "/cog/v1/display-token-url"), "--token-stdin skips the token URL");
    }

    [TestMethod]
    public async Task UnknownTokenIsRefusedAndNothingIsStored()
    {
        using var standIn = new ReplicateApiStandIn(CliToken, "carol", ApiToken);
        using var config = new TestDockerConfig();
        var error = await Assert.ThrowsExactlyAsync<CogException>(() => LoginCommand.RunAsync(
            new LoginOptions { RegistryOption = standIn.BaseUrl, TokenStdin = true },
            new LoginConsole(new StringReader("some-other-token"), new StringWriter(), new StringWriter()) { Environment = config.Get }));

        Assert.AreEqual("COG4015", error.Diagnostics[0].Code);
        Assert.IsFalse(error.Message.Contains("some-other-token"));
        Assert.IsFalse(File.Exists(config.ConfigPath));
    }

    [TestMethod]
    public async Task HostWithoutTokenEndpointsIsNotReplicate()
    {
        using var standIn = new ReplicateApiStandIn(CliToken, "dave", ApiToken) { ServesTokenEndpoints = false };
        using var config = new TestDockerConfig();
        var error = await Assert.ThrowsExactlyAsync<CogException>(() => LoginCommand.RunAsync(
            new LoginOptions { RegistryOption = standIn.BaseUrl },
            new LoginConsole(new StringReader("\n"), new StringWriter(), new StringWriter()) { Environment = config.Get }));

        Assert.AreEqual("COG4011", error.Diagnostics[0].Code);
        StringAssert.Contains(error.Message, "-u USER --password-stdin");
    }

    [TestMethod]
    public async Task NameUnknownCreatesTheModelBeforeBuildingThenReportsTheLatestVersion()
    {
        using var standIn = new ReplicateApiStandIn(CliToken, "cogtest-registry", ApiToken);
        using var config = new TestDockerConfig();
        config.Variables["COG_REGISTRY_HOST"] = s_registry.Host;
        config.Variables["COG_REPLICATE_API_HOST"] = standIn.BaseUrl;
        config.Variables["REPLICATE_API_TOKEN"] = ApiToken;
        config.Variables["COG_REGISTRY_USERNAME"] = User;
        config.Variables["COG_REGISTRY_PASSWORD"] = Password;
        var model = "model-" + Guid.NewGuid().ToString("N")[..12];
        var name = $"{s_registry.Host}/cogtest-registry/{model}";
        var requestsBeforeBuild = -1;
        var log = new List<string>();
        try
        {
            var pipeline = new PushPipeline(RegistryTestImages.Client, async (image, token) =>
            {
                requestsBeforeBuild = standIn.Requests.Count;
                await RegistryTestImages.BuildAsync(image, token);
            });
            var request = new PushPipelineRequest { ImageArgument = name, Visibility = "public", Hardware = "cpu", Environment = config.Get };

            var result = await pipeline.RunAsync(request, log.Add);

            var create = standIn.Requests.Single(r => r.Method == "POST" && r.Path == "/v1/models");
            Assert.AreEqual("Bearer " + ApiToken, create.Authorization);
            var body = JsonNode.Parse(create.Body)!;
            Assert.AreEqual("cogtest-registry", body["owner"]!.GetValue<string>());
            Assert.AreEqual(model, body["name"]!.GetValue<string>());
            Assert.AreEqual("public", body["visibility"]!.GetValue<string>());
            Assert.AreEqual("cpu", body["hardware"]!.GetValue<string>());
            Assert.AreEqual(2, requestsBeforeBuild, "the model is looked up and created before the build starts");
            Assert.AreEqual(("GET", $"/v1/models/cogtest-registry/{model}"), (standIn.Requests[0].Method, standIn.Requests[0].Path));
            Assert.IsTrue(result.ModelCreated);
            Assert.AreEqual(standIn.LatestVersionId, result.Model!.LatestVersionId);
            Assert.AreEqual($"https://replicate.com/cogtest-registry/{model}", result.ModelUrl);
            CollectionAssert.Contains(log, "Latest version: " + standIn.LatestVersionId);
            CollectionAssert.Contains(log, $"    https://replicate.com/cogtest-registry/{model}");
            Assert.IsFalse(log.Any(line => line.Contains(ApiToken) || line.Contains(Password)));

            // Now the registry knows the repository: a second push creates nothing.
            await new PushPipeline(RegistryTestImages.Client, build: null).RunAsync(request, _ => { });
            Assert.AreEqual(1, standIn.Requests.Count(r => r.Method == "POST" && r.Path == "/v1/models"));
        }
        finally
        {
            await RegistryTestImages.RemoveAsync(name);
        }
    }

    [TestMethod]
    public async Task NameUnknownWithoutATokenStopsBeforeBuilding()
    {
        using var config = new TestDockerConfig();
        config.Variables["COG_REGISTRY_HOST"] = s_openRegistry.Host;
        var built = false;
        var pipeline = new PushPipeline(RegistryTestImages.Client, (_, _) =>
        {
            built = true;
            return Task.CompletedTask;
        });

        var error = await Assert.ThrowsExactlyAsync<CogException>(() =>
            pipeline.RunAsync(new PushPipelineRequest { ImageArgument = $"{s_openRegistry.Host}/cogtest-registry/missing", Environment = config.Get }, _ => { }));

        Assert.AreEqual("COG4016", error.Diagnostics[0].Code);
        StringAssert.Contains(error.Message, "REPLICATE_API_TOKEN");
        Assert.IsFalse(built);
    }
    [TestMethod]
    public async Task TheTokenSavedByLoginCreatesTheModelWhenNoApiTokenIsSet()
    {
        // The registry password doubles as the "cog login" token here; the stand-in API accepts exactly that token.
        using var standIn = new ReplicateApiStandIn(CliToken, "cogtest-registry", Password);
        using var config = new TestDockerConfig();
        config.Variables["COG_REGISTRY_HOST"] = s_registry.Host;
        config.Variables["COG_REPLICATE_API_HOST"] = standIn.BaseUrl;
        await LoginCommand.RunAsync(
            new LoginOptions { Registry = s_registry.Host, Username = User, PasswordStdin = true },
            new LoginConsole(new StringReader(Password), new StringWriter(), new StringWriter()) { Environment = config.Get });

        var created = await new PushPipeline(docker: null, build: null).PrecheckAsync(
            new PushPipelineRequest { ImageArgument = $"{s_registry.Host}/cogtest-registry/saved-token", Environment = config.Get }, _ => { });

        Assert.IsNotNull(created);
        Assert.AreEqual("private", JsonNode.Parse(standIn.Requests.Single(r => r.Method == "POST").Body)!["visibility"]!.GetValue<string>());
        Assert.AreEqual("Bearer " + Password, standIn.Requests.Single(r => r.Method == "POST").Authorization);
    }

    [TestMethod]
    public async Task ASavedTokenTheApiRefusesEndsInTheCreateTheModelFirstError()
    {
        using var standIn = new ReplicateApiStandIn(CliToken, "cogtest-registry", "r8_some-other-token");
        using var config = new TestDockerConfig();
        config.Variables["COG_REGISTRY_HOST"] = s_registry.Host;
        config.Variables["COG_REPLICATE_API_HOST"] = standIn.BaseUrl;
        config.Variables["COG_REGISTRY_USERNAME"] = User;
        config.Variables["COG_REGISTRY_PASSWORD"] = Password;

        var error = await Assert.ThrowsExactlyAsync<CogException>(() => new PushPipeline(docker: null, build: null).PrecheckAsync(
            new PushPipelineRequest { ImageArgument = $"{s_registry.Host}/cogtest-registry/refused", Environment = config.Get }, _ => { }));

        Assert.AreEqual("COG4016", error.Diagnostics[0].Code);
        Assert.IsFalse(error.Message.Contains(Password));
        Assert.IsFalse(standIn.Requests.Any(r => r.Method == "POST"));
    }

    [TestMethod]
    public async Task UnknownVisibilityIsRefusedBeforeAnyRequest()
    {
        using var config = new TestDockerConfig();
        config.Variables["COG_REGISTRY_HOST"] = s_openRegistry.Host;
        var error = await Assert.ThrowsExactlyAsync<CogException>(() => new PushPipeline(docker: null, build: null).PrecheckAsync(
            new PushPipelineRequest { ImageArgument = $"{s_openRegistry.Host}/cogtest-registry/x", Visibility = "secret", Environment = config.Get }, _ => { }));
        Assert.AreEqual("COG4022", error.Diagnostics[0].Code);
    }
}
