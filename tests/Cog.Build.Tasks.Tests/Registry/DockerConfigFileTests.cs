using System.Text;
using System.Text.Json.Nodes;
using Cog.Build.Diagnostics;
using Cog.Build.Registry;

namespace Cog.Build.Tasks.Tests.Registry;

[TestClass]
public sealed class DockerConfigFileTests
{
    [TestMethod]
    public void ReadsAuthsCredsStoreAndCredHelpers()
    {
        using var temp = new TemporaryDockerConfig();
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:s3cret:with:colons"));
        temp.WriteConfig($$"""
            {
              "auths": { "https://registry.example/": { "auth": "{{auth}}" }, "https://index.docker.io/v1/": { "identitytoken": "refresh-me" } },
              "credsStore": "desktop",
              "credHelpers": { "gcr.io": "gcloud" }
            }
            """);

        var config = DockerConfigFile.Load(temp.ConfigDirectory);

        Assert.AreEqual("desktop", config.CredsStore);
        Assert.AreEqual("gcloud", config.HelperFor("gcr.io"));
        Assert.AreEqual("desktop", config.HelperFor("registry.example"));
        var credential = config.FindAuth("registry.example")!;
        Assert.AreEqual("alice", credential.Username);
        Assert.AreEqual("s3cret:with:colons", credential.Secret);
        var hub = config.FindAuth("docker.io")!;
        Assert.IsTrue(hub.IsIdentityToken);
        Assert.AreEqual("refresh-me", hub.Secret);
        Assert.IsNull(config.FindAuth("other.example"));
    }

    [TestMethod]
    public void DockerConfigVariableChoosesTheDirectory()
    {
        Assert.AreEqual("/somewhere/else", DockerConfigFile.DefaultDirectory(name => name == "DOCKER_CONFIG" ? "/somewhere/else" : null));
        StringAssert.EndsWith(DockerConfigFile.DefaultDirectory(_ => null), ".docker");
    }

    [TestMethod]
    public void SaveKeepsUnknownKeysAndIsOwnerOnly()
    {
        using var temp = new TemporaryDockerConfig();
        temp.WriteConfig("""{ "psFormat": "table {{.ID}}", "auths": { "old.example": { "auth": "b2xkOm9sZA==" } } }""");

        var config = DockerConfigFile.Load(temp.ConfigDirectory);
        config.SetAuth("127.0.0.1:5000", "bob", "pa55");
        config.Save();

        var saved = JsonNode.Parse(File.ReadAllText(temp.ConfigPath))!;
        Assert.AreEqual("table {{.ID}}", saved["psFormat"]!.GetValue<string>());
        Assert.AreEqual("b2xkOm9sZA==", saved["auths"]!["old.example"]!["auth"]!.GetValue<string>());
        Assert.AreEqual(Convert.ToBase64String(Encoding.UTF8.GetBytes("bob:pa55")), saved["auths"]!["127.0.0.1:5000"]!["auth"]!.GetValue<string>());
        Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, TemporaryDockerConfig.ModeOf(temp.ConfigPath));
        Assert.AreEqual(1, Directory.GetFiles(temp.ConfigDirectory).Length, "no temporary file is left behind");
    }

    [TestMethod]
    public void SaveCreatesAMissingDirectoryOwnerOnly()
    {
        using var temp = new TemporaryDockerConfig();
        var directory = Path.Combine(temp.Root, "fresh");
        var config = DockerConfigFile.Load(directory);
        config.SetAuth("registry.example", "u", "p");
        config.Save();
        Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, TemporaryDockerConfig.ModeOf(directory));
        Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, TemporaryDockerConfig.ModeOf(Path.Combine(directory, "config.json")));
    }

    [TestMethod]
    public void MalformedFileIsACodedErrorThatQuotesNoSecret()
    {
        using var temp = new TemporaryDockerConfig();
        temp.WriteConfig("""{ "auths": { "x": { "auth": "c2VjcmV0LXZhbHVl" } """);
        var error = Assert.ThrowsExactly<CogException>(() => DockerConfigFile.Load(temp.ConfigDirectory));
        Assert.AreEqual("COG4003", error.Diagnostics[0].Code);
        StringAssert.Contains(error.Message, temp.ConfigPath);
        Assert.IsFalse(error.Message.Contains("c2VjcmV0LXZhbHVl"));
    }

    [TestMethod]
    public void AuthThatIsNotBase64IsACodedError()
    {
        using var temp = new TemporaryDockerConfig();
        temp.WriteConfig("""{ "auths": { "registry.example": { "auth": "not base64!" } } }""");
        var error = Assert.ThrowsExactly<CogException>(() => DockerConfigFile.Load(temp.ConfigDirectory).FindAuth("registry.example"));
        Assert.AreEqual("COG4003", error.Diagnostics[0].Code);
    }
}
