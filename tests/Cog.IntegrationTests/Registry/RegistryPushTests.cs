using System.Text;
using System.Text.Json.Nodes;
using Cog.Build.Diagnostics;
using Cog.Build.Images;
using Cog.Build.Registry;

namespace Cog.IntegrationTests.Registry;

/// <summary>Login and push against a real registry (Debian's docker-registry with htpasswd auth) through the real engine.</summary>
[TestClass]
public sealed class RegistryPushTests
{
    private const string User = "cogtest";
    private const string Password = "Pa55-word-for-registry";

    private static RegistryServer s_registry = null!;

    [ClassInitialize]
    public static void StartRegistry(TestContext context) => s_registry = RegistryServer.Start(User, Password);

    [ClassCleanup]
    public static void StopRegistry() => s_registry?.Dispose();

    private static Task<LoginResult> LoginAsync(TestDockerConfig config, string password, StringWriter messages) =>
        LoginCommand.RunAsync(
            new LoginOptions { Registry = s_registry.Host, Username = User, PasswordStdin = true },
            new LoginConsole(new StringReader(password + "\n"), new StringWriter(), messages) { Environment = config.Get });

    private static string NewImageName() => $"{s_registry.Host}/cogtest-registry/model-{Guid.NewGuid().ToString("N")[..12]}:v1";

    [TestMethod]
    public async Task LoginThenPushAndTheManifestCarriesTheCogLabels()
    {
        using var config = new TestDockerConfig();
        var messages = new StringWriter();
        var login = await LoginAsync(config, Password, messages);

        Assert.AreEqual(s_registry.Host, login.Host);
        Assert.AreEqual(config.ConfigPath, login.StoredIn);
        if (!OperatingSystem.IsWindows())
        {
            Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(config.ConfigPath));
        }
        var stored = JsonNode.Parse(File.ReadAllText(config.ConfigPath))!["auths"]![s_registry.Host]!["auth"]!.GetValue<string>();
        Assert.AreEqual(User + ":" + Password, Encoding.UTF8.GetString(Convert.FromBase64String(stored)));
        Assert.IsFalse(messages.ToString().Contains(Password));

        var name = NewImageName();
        var built = new List<string>();
        var log = new List<string>();
        try
        {
            var pipeline = new PushPipeline(RegistryTestImages.Client, async (image, token) =>
            {
                built.Add(image);
                await RegistryTestImages.BuildAsync(image, token);
            });
            var request = new PushPipelineRequest { ImageArgument = name, ConfigImage = "ignored.example/other/model", Environment = config.Get };

            var result = await pipeline.RunAsync(request, log.Add);

            CollectionAssert.AreEqual(new[] { name }, built);
            StringAssert.StartsWith(result.Digest, "sha256:");
            Assert.IsTrue(log.Any(line => line.EndsWith(": Pushed")), string.Join("\n", log));
            Assert.IsTrue(log.Any(line => line.Contains(": Pushing ") && line.Contains('/')), "byte progress is shown: " + string.Join("\n", log));
            CollectionAssert.Contains(log, "  image  " + result.Pushed.DigestReference);
            Assert.IsFalse(log.Any(line => line.Contains(Password)));

            using var api = new RegistryApiClient();
            var credential = new RegistryCredential(User, Password, s_registry.Host);
            var manifest = await api.GetManifestAsync(ImageReference.Parse(name), credential);
            Assert.AreEqual(result.Digest, manifest.Digest);
            var manifestJson = JsonNode.Parse(manifest.Content)!;
            Assert.AreEqual(2, manifestJson["layers"]!.AsArray().Count);
            var configDigest = manifestJson["config"]!["digest"]!.GetValue<string>();
            var imageConfig = JsonNode.Parse(await api.GetBlobAsync(ImageReference.Parse(name), configDigest, credential))!;
            var labels = imageConfig["config"]!["Labels"]!;
            Assert.AreEqual(RegistryTestImages.CogConfigLabel, labels["run.cog.config"]!.GetValue<string>());
            Assert.AreEqual("0.1.0-dev", labels["run.cog.version"]!.GetValue<string>());

            // A second push of the same image finds every layer in place.
            var again = new List<string>();
            var second = await new PushPipeline(RegistryTestImages.Client, build: null).RunAsync(request, again.Add);
            Assert.AreEqual(result.Digest, second.Digest);
            Assert.AreEqual(2, again.Count(line => line.EndsWith(": Layer already exists")), string.Join("\n", again));
        }
        finally
        {
            await RegistryTestImages.RemoveAsync(name);
        }
    }

    [TestMethod]
    public async Task WrongPasswordIsAClearErrorAndStoresNothing()
    {
        using var config = new TestDockerConfig();
        var error = await Assert.ThrowsExactlyAsync<CogException>(() => LoginAsync(config, "not-the-password", new StringWriter()));

        Assert.AreEqual("COG4007", error.Diagnostics[0].Code);
        StringAssert.Contains(error.Message, s_registry.Host);
        Assert.IsFalse(error.Message.Contains("not-the-password"));
        Assert.IsFalse(File.Exists(config.ConfigPath), "nothing is stored after a rejected login");

        // An existing config stays exactly as it was.
        System.IO.Directory.CreateDirectory(config.Directory);
        File.WriteAllText(config.ConfigPath, """{"auths":{}}""");
        await Assert.ThrowsExactlyAsync<CogException>(() => LoginAsync(config, "still-wrong", new StringWriter()));
        Assert.AreEqual("""{"auths":{}}""", File.ReadAllText(config.ConfigPath));
    }

    [TestMethod]
    public async Task PushWithoutCredentialsIsAClearError()
    {
        using var config = new TestDockerConfig();
        var name = NewImageName();
        await WithBuiltImagesAsync(new[] { name }, async () =>
        {
            var error = await Assert.ThrowsExactlyAsync<CogException>(() =>
                new PushPipeline(RegistryTestImages.Client, build: null).RunAsync(new PushPipelineRequest { ImageArgument = name, Environment = config.Get }, _ => { }));

            Assert.AreEqual("COG4018", error.Diagnostics[0].Code, error.Message);
            StringAssert.Contains(error.Message, "cog login " + s_registry.Host);
        });
    }

    [TestMethod]
    public async Task EnvironmentCredentialsPushWithoutAnyConfigFile()
    {
        using var config = ConfigWithEnvironmentCredentials();
        var name = NewImageName();
        await WithBuiltImagesAsync(new[] { name }, async () =>
        {
            var result = await new PushPipeline(RegistryTestImages.Client, build: null).RunAsync(new PushPipelineRequest { CogImage = name, Environment = config.Get }, _ => { });

            StringAssert.StartsWith(result.Digest, "sha256:");
            Assert.IsFalse(File.Exists(config.ConfigPath));
        });
    }

    [TestMethod]
    public async Task SeparateWeightsPushesBothImages()
    {
        using var config = ConfigWithEnvironmentCredentials();
        var name = NewImageName();
        var weights = name.Replace(":v1", "-weights:v1");
        await WithBuiltImagesAsync(new[] { name, weights }, async () =>
        {
            var log = new List<string>();

            var result = await new PushPipeline(RegistryTestImages.Client, build: null)
                .RunAsync(new PushPipelineRequest { ConfigImage = name, SeparateWeights = true, Environment = config.Get }, log.Add);

            Assert.IsNotNull(result.PushedWeights);
            Assert.AreNotEqual(result.Digest, result.PushedWeights.Digest);
            CollectionAssert.Contains(log, $"Pushing to {weights}...");
            using var api = new RegistryApiClient();
            var credential = new RegistryCredential(User, Password, s_registry.Host);
            Assert.AreEqual(result.PushedWeights.Digest, (await api.GetManifestAsync(ImageReference.Parse(weights), credential)).Digest);
            Assert.AreEqual(result.Digest, (await api.GetManifestAsync(ImageReference.Parse(name), credential)).Digest);
        });
    }

    [TestMethod]
    public async Task SeparateWeightsWithoutAWeightsImagePushesTheModelOnly()
    {
        using var config = ConfigWithEnvironmentCredentials();
        var name = NewImageName();
        await WithBuiltImagesAsync(new[] { name }, async () =>
        {
            var log = new List<string>();

            var result = await new PushPipeline(RegistryTestImages.Client, build: null)
                .RunAsync(new PushPipelineRequest { ImageArgument = name, SeparateWeights = true, Environment = config.Get }, log.Add);

            Assert.IsNull(result.PushedWeights);
            Assert.IsTrue(log.Any(line => line.StartsWith("No weights image ")), string.Join("\n", log));
        });
    }

    [TestMethod]
    public async Task ImageTagsArePushedUnderEveryTagWithTheDotnetCredentialVariables()
    {
        using var config = new TestDockerConfig();
        config.Variables["DOTNET_CONTAINER_REGISTRY_UNAME"] = User;
        config.Variables["DOTNET_CONTAINER_REGISTRY_PWORD"] = Password;
        var name = NewImageName();
        var tagged = new[] { name.Replace(":v1", ":1.2.3"), name.Replace(":v1", ":latest") };
        // The build (or CogBuild's tag) makes the first name; the pipeline adds the others.
        await WithBuiltImagesAsync(new[] { tagged[0] }, async () =>
        {
            var log = new List<string>();
            try
            {
                var result = await new PushPipeline(RegistryTestImages.Client, build: null)
                    .RunAsync(new PushPipelineRequest { CogImage = name, Tags = ["1.2.3", "latest"], Environment = config.Get }, log.Add);

                using var api = new RegistryApiClient();
                var credential = new RegistryCredential(User, Password, s_registry.Host);
                foreach (var reference in tagged)
                {
                    CollectionAssert.Contains(log, $"Pushing to {reference}...");
                    Assert.AreEqual(result.Digest, (await api.GetManifestAsync(ImageReference.Parse(reference), credential)).Digest, reference);
                }
            }
            finally
            {
                foreach (var reference in tagged)
                {
                    await RegistryTestImages.RemoveAsync(reference);
                }
            }
        });
    }

    /// <summary>A Docker config folder with no file in it, and the registry's credentials in the COG_REGISTRY_* variables.</summary>
    private static TestDockerConfig ConfigWithEnvironmentCredentials()
    {
        var config = new TestDockerConfig();
        config.Variables["COG_REGISTRY_USERNAME"] = User;
        config.Variables["COG_REGISTRY_PASSWORD"] = Password;
        return config;
    }

    /// <summary>Builds the test image under each name, runs <paramref name="test"/>, and removes the images again whatever happens.</summary>
    private static async Task WithBuiltImagesAsync(string[] names, Func<Task> test)
    {
        try
        {
            foreach (var name in names)
            {
                await RegistryTestImages.BuildAsync(name);
            }

            await test();
        }
        finally
        {
            foreach (var name in names)
            {
                await RegistryTestImages.RemoveAsync(name);
            }
        }
    }
}
