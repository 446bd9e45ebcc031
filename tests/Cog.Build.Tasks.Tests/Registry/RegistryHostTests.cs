using Cog.Build.Registry;

namespace Cog.Build.Tasks.Tests.Registry;

[TestClass]
public sealed class RegistryHostTests
{
    [TestMethod]
    public void LoopbackRegistriesUsePlainHttpOthersHttps()
    {
        Assert.AreEqual("http://127.0.0.1:5000/", RegistryHost.BaseUri("127.0.0.1:5000").ToString());
        Assert.AreEqual("http://localhost:5000/", RegistryHost.BaseUri("localhost:5000").ToString());
        Assert.AreEqual("https://r8.im/", RegistryHost.BaseUri("r8.im").ToString());
        Assert.AreEqual("https://registry-1.docker.io/", RegistryHost.BaseUri("docker.io").ToString());
        Assert.AreEqual("http://registry.test:8080/", RegistryHost.BaseUri("http://registry.test:8080").ToString());
    }

    [TestMethod]
    public void DockerHubAliasesShareTheLegacyConfigKey()
    {
        Assert.AreEqual("https://index.docker.io/v1/", RegistryHost.ConfigKey("docker.io"));
        Assert.AreEqual("https://index.docker.io/v1/", RegistryHost.ConfigKey("index.docker.io"));
        Assert.IsTrue(RegistryHost.SameHost("https://index.docker.io/v1/", "registry-1.docker.io"));
        Assert.IsTrue(RegistryHost.SameHost("http://127.0.0.1:5000", "127.0.0.1:5000"));
        Assert.IsFalse(RegistryHost.SameHost("127.0.0.1:5000", "127.0.0.1:5001"));
    }

    [TestMethod]
    public void ReplicateHostComesFromTheFlagThenTheEnvironmentThenR8im()
    {
        Assert.AreEqual("flag.example", RegistryHost.ReplicateHost("flag.example", _ => "env.example"));
        Assert.AreEqual("env.example", RegistryHost.ReplicateHost(null, name => name == "COG_REGISTRY_HOST" ? "env.example" : null));
        Assert.AreEqual("r8.im", RegistryHost.ReplicateHost(null, _ => null));
    }
}
