using Cog.Build.Docker;
using Docker.DotNet.Models;

namespace Cog.Build.Tasks.Tests.Registry;

[TestClass]
public sealed class ImagePusherProgressTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [TestMethod]
    public void ReportsLayerStatesBytesAndTheDigest()
    {
        var lines = new List<string>();
        var progress = new ImagePusherProgress(lines.Add);

        progress.Report(new JSONMessage { Status = "The push refers to repository [127.0.0.1:5000/owner/model]" });
        progress.Report(new JSONMessage { ID = "aaa", Status = "Preparing" });
        progress.Report(new JSONMessage { ID = "bbb", Status = "Layer already exists" });
        progress.Report(new JSONMessage { ID = "aaa", Status = "Pushing", Progress = new JSONProgress { Current = 100, Total = 4000 } });
        progress.Report(new JSONMessage { ID = "aaa", Status = "Pushing", Progress = new JSONProgress { Current = 200, Total = 4000 } });
        progress.Report(new JSONMessage { ID = "aaa", Status = "Pushing", Progress = new JSONProgress { Current = 2500, Total = 4000 } });
        progress.Report(new JSONMessage { ID = "aaa", Status = "Pushed" });
        progress.Report(new JSONMessage { Status = "latest: digest: " + Digest + " size: 528" });
        progress.Report(new JSONMessage { Aux = new ObjectExtensionData { ExtensionData = new Dictionary<string, object> { ["Tag"] = "latest", ["Digest"] = Digest, ["Size"] = 528 } } });

        CollectionAssert.AreEqual(
            new[]
            {
                "The push refers to repository [127.0.0.1:5000/owner/model]",
                "bbb: Layer already exists",
                "aaa: Pushing 100B/4.0kB",
                "aaa: Pushing 2.5kB/4.0kB",
                "aaa: Pushed",
                "latest: digest: " + Digest + " size: 528",
            },
            lines);
        Assert.AreEqual(Digest, progress.Digest);
        Assert.AreEqual(528L, progress.Size);
        Assert.AreEqual(1, progress.LayersPushed);
        Assert.AreEqual(1, progress.LayersAlreadyExisting);
        Assert.IsNull(progress.Error);
    }

    [TestMethod]
    public void RemembersTheFirstError()
    {
        var progress = new ImagePusherProgress(_ => { });
        progress.Report(new JSONMessage { Error = new JSONError { Message = "no basic auth credentials" } });
        progress.Report(new JSONMessage { Error = new JSONError { Message = "second" } });
        Assert.AreEqual("no basic auth credentials", progress.Error);
    }

    [TestMethod]
    public void AuthConfigCarriesIdentityTokensSeparately()
    {
        var token = Cog.Build.Docker.ImagePusher.ToAuthConfig(new Cog.Build.Registry.RegistryCredential("<token>", "refresh", "registry.example"), "registry.example");
        Assert.AreEqual("refresh", token.IdentityToken);
        Assert.IsNull(token.Password);
        var basic = Cog.Build.Docker.ImagePusher.ToAuthConfig(new Cog.Build.Registry.RegistryCredential("u", "p", "registry.example"), "https://registry.example/");
        Assert.AreEqual("u", basic.Username);
        Assert.AreEqual("p", basic.Password);
        Assert.AreEqual("registry.example", basic.ServerAddress);
    }
}
