using System.Text;
using System.Text.Json.Nodes;
using Cog.Build.Diagnostics;
using Cog.Build.Docker;
using Cog.Build.Registry;

namespace Cog.Build.Tasks.Tests.Registry;

[TestClass]
public sealed class DockerCredentialStoreTests
{
    [TestMethod]
    public void WithoutHelperSavesBase64InConfigJson()
    {
        using var temp = new TemporaryDockerConfig();
        var store = new DockerCredentialStore(environment: temp.Environment);

        var storedIn = store.Save("127.0.0.1:5000", "bob", "hunter2");

        Assert.AreEqual(temp.ConfigPath, storedIn);
        var text = File.ReadAllText(temp.ConfigPath);
        Assert.IsFalse(text.Contains("hunter2"), "the password is never written in clear");
        Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, TemporaryDockerConfig.ModeOf(temp.ConfigPath));
        var resolved = store.Resolve("127.0.0.1:5000")!;
        Assert.AreEqual("bob", resolved.Username);
        Assert.AreEqual("hunter2", resolved.Secret);
    }

    [TestMethod]
    public void CredsStoreHelperReceivesTheCredentialAndConfigKeepsOnlyAMarker()
    {
        using var temp = new TemporaryDockerConfig();
        var stored = temp.InstallHelper("cogtest");
        temp.WriteConfig("""{ "credsStore": "cogtest" }""");
        var store = new DockerCredentialStore(environment: temp.Environment);

        var storedIn = store.Save("registry.example", "carol", "t0ken");

        Assert.AreEqual("docker-credential-cogtest", storedIn);
        var payload = JsonNode.Parse(File.ReadAllText(stored))!;
        Assert.AreEqual("registry.example", payload["ServerURL"]!.GetValue<string>());
        Assert.AreEqual("carol", payload["Username"]!.GetValue<string>());
        Assert.AreEqual("t0ken", payload["Secret"]!.GetValue<string>());
        var config = File.ReadAllText(temp.ConfigPath);
        Assert.IsFalse(config.Contains("t0ken") || config.Contains(Convert.ToBase64String(Encoding.UTF8.GetBytes("carol:t0ken"))));
        Assert.AreEqual(0, JsonNode.Parse(config)!["auths"]!["registry.example"]!.AsObject().Count);

        var resolved = store.Resolve("registry.example")!;
        Assert.AreEqual("carol", resolved.Username);
        Assert.AreEqual("t0ken", resolved.Secret);
        Assert.AreEqual("registry.example", File.ReadAllText(stored + ".asked").Trim());
    }

    [TestMethod]
    public void CredHelpersWinOverCredsStoreAndAuths()
    {
        using var temp = new TemporaryDockerConfig();
        var perHost = temp.InstallHelper("perhost");
        temp.InstallHelper("global");
        File.WriteAllText(perHost, """{"ServerURL":"gcr.example","Username":"_json_key","Secret":"from-per-host"}""");
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes("file:from-file"));
        temp.WriteConfig($$"""{ "credsStore": "global", "credHelpers": { "gcr.example": "perhost" }, "auths": { "gcr.example": { "auth": "{{auth}}" } } }""");

        var resolved = new DockerCredentialStore(environment: temp.Environment).Resolve("gcr.example")!;

        Assert.AreEqual("from-per-host", resolved.Secret);
    }

    [TestMethod]
    public void HelperWithoutTheHostFallsBackToAuths()
    {
        using var temp = new TemporaryDockerConfig();
        temp.InstallHelper("empty");
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes("dave:from-file"));
        temp.WriteConfig($$"""{ "credsStore": "empty", "auths": { "registry.example": { "auth": "{{auth}}" } } }""");

        var resolved = new DockerCredentialStore(environment: temp.Environment).Resolve("registry.example")!;

        Assert.AreEqual("from-file", resolved.Secret);
        Assert.IsNull(new DockerCredentialStore(environment: temp.Environment).Resolve("unknown.example"));
    }

    [TestMethod]
    public void EnvironmentCredentialsOverrideTheConfig()
    {
        using var temp = new TemporaryDockerConfig();
        temp.WriteConfig("""{ "credsStore": "not-installed" }""");
        temp.Variables["COG_REGISTRY_USERNAME"] = "ci";
        temp.Variables["COG_REGISTRY_PASSWORD"] = "ci-secret";

        var resolved = new DockerCredentialStore(environment: temp.Environment).Resolve("registry.example")!;

        Assert.AreEqual("ci", resolved.Username);
        Assert.AreEqual("ci-secret", resolved.Secret);
    }

    [TestMethod]
    public void DotnetContainerVariablesCountWhenCogsAreUnset()
    {
        using var temp = new TemporaryDockerConfig();
        temp.WriteConfig("""{ "credsStore": "not-installed" }""");
        temp.Variables["DOTNET_CONTAINER_REGISTRY_UNAME"] = "dotnet-user";
        temp.Variables["DOTNET_CONTAINER_REGISTRY_PWORD"] = "dotnet-secret";

        var fromDotnet = new DockerCredentialStore(environment: temp.Environment).Resolve("registry.example")!;
        temp.Variables["COG_REGISTRY_USERNAME"] = "ci";
        temp.Variables["COG_REGISTRY_PASSWORD"] = "ci-secret";
        var fromCog = new DockerCredentialStore(environment: temp.Environment).Resolve("registry.example")!;

        Assert.AreEqual("dotnet-user", fromDotnet.Username);
        Assert.AreEqual("dotnet-secret", fromDotnet.Secret);
        Assert.AreEqual("ci", fromCog.Username, "COG_REGISTRY_* win over the .NET SDK's names");
    }

    [TestMethod]
    public void MissingHelperIsACodedError()
    {
        using var temp = new TemporaryDockerConfig();
        temp.WriteConfig("""{ "credsStore": "not-installed" }""");
        var error = Assert.ThrowsExactly<CogException>(() => new DockerCredentialStore(environment: temp.Environment).Resolve("registry.example"));
        Assert.AreEqual("COG4004", error.Diagnostics[0].Code);
        StringAssert.Contains(error.Message, "docker-credential-not-installed");
    }

    [TestMethod]
    public void FailingHelperNeverEchoesTheSecret()
    {
        using var temp = new TemporaryDockerConfig();
        temp.InstallHelper("leaky", failStore: true);
        temp.WriteConfig("""{ "credsStore": "leaky" }""");

        var error = Assert.ThrowsExactly<CogException>(() => new DockerCredentialStore(environment: temp.Environment).Save("registry.example", "erin", "very-secret-value"));

        Assert.AreEqual("COG4005", error.Diagnostics[0].Code);
        Assert.IsFalse(error.Message.Contains("very-secret-value"), error.Message);
        Assert.IsFalse(error.ToString().Contains("very-secret-value"));
    }

    [TestMethod]
    public void CredentialToStringHidesTheSecret()
    {
        var credential = new RegistryCredential("frank", "do-not-print", "registry.example");
        Assert.IsFalse(credential.ToString().Contains("do-not-print"));
        Assert.IsFalse($"{credential}".Contains("do-not-print"));
    }

    [TestMethod]
    public void PushErrorsScrubTheSecret()
    {
        var credential = new RegistryCredential("gina", "pw-123456", "registry.example");
        var error = ImagePusher.Classify("registry.example/a/b:latest", "registry.example", "unauthorized: bad password pw-123456", credential);
        Assert.AreEqual("COG4018", error.Diagnostics[0].Code);
        Assert.IsFalse(error.Message.Contains("pw-123456"));
        var other = ImagePusher.Classify("registry.example/a/b:latest", "registry.example", "blob upload unknown", credential);
        Assert.AreEqual("COG4019", other.Diagnostics[0].Code);
    }
}
