using Cog.Build.Diagnostics;
using Cog.Build.Registry;

namespace Cog.Build.Tasks.Tests.Registry;

[TestClass]
public sealed class ImageReferenceTests
{
    [TestMethod]
    [DataRow("r8.im/alice/hello", "r8.im", "alice/hello", null)]
    [DataRow("127.0.0.1:5000/owner/model:v1", "127.0.0.1:5000", "owner/model", "v1")]
    [DataRow("localhost/model", "localhost", "model", null)]
    [DataRow("alice/hello:latest", "docker.io", "alice/hello", "latest")]
    [DataRow("ubuntu", "docker.io", "ubuntu", null)]
    public void SplitsHostRepositoryAndTagLikeTheDockerCli(string text, string host, string repository, string? tag)
    {
        var reference = ImageReference.Parse(text);
        Assert.AreEqual(host, reference.Host);
        Assert.AreEqual(repository, reference.Repository);
        Assert.AreEqual(tag, reference.Tag);
        Assert.AreEqual(text, reference.Name);
    }

    [TestMethod]
    public void DockerHubSingleNamesLiveUnderLibraryInTheRegistryApi()
    {
        Assert.AreEqual("library/ubuntu", ImageReference.Parse("ubuntu").RegistryRepository);
        Assert.AreEqual("owner/model", ImageReference.Parse("127.0.0.1:5000/owner/model").RegistryRepository);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("Upper/Case")]
    [DataRow("r8.im/alice/hello:bad tag")]
    public void RejectsInvalidReferencesWithACode(string text)
    {
        var error = Assert.ThrowsExactly<CogException>(() => ImageReference.Parse(text));
        Assert.AreEqual("COG4002", error.Diagnostics[0].Code);
    }

    [TestMethod]
    public void DigestReferenceDropsTheTag()
    {
        var result = new Cog.Build.Docker.ImagePusherResult("127.0.0.1:5000/owner/model:v1", "sha256:" + new string('a', 64), 10);
        Assert.AreEqual("127.0.0.1:5000/owner/model@sha256:" + new string('a', 64), result.DigestReference);
    }
}
