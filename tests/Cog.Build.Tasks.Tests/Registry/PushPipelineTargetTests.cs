using Cog.Build.Diagnostics;
using Cog.Build.Images;

namespace Cog.Build.Tasks.Tests.Registry;

[TestClass]
public sealed class PushPipelineTargetTests
{
    [TestMethod]
    public void ArgumentWinsOverCogImageWhichWinsOverConfig()
    {
        Assert.AreEqual("r8.im/a/arg", PushPipeline.ResolveImage(new PushPipelineRequest { ImageArgument = "r8.im/a/arg", CogImage = "r8.im/a/prop", ConfigImage = "r8.im/a/yaml" }).Name);
        Assert.AreEqual("r8.im/a/prop", PushPipeline.ResolveImage(new PushPipelineRequest { CogImage = "r8.im/a/prop", ConfigImage = "r8.im/a/yaml" }).Name);
        Assert.AreEqual("r8.im/a/yaml", PushPipeline.ResolveImage(new PushPipelineRequest { ImageArgument = " ", ConfigImage = "r8.im/a/yaml" }).Name);
    }

    [TestMethod]
    public void TagsGiveOneNamePerTagUnlessAnImageArgumentIsGiven()
    {
        var tagged = PushPipeline.ResolveNames(new PushPipelineRequest { CogImage = "127.0.0.1:5000/team/model:old", Tags = ["1.2.3", "latest"] });
        var argument = PushPipeline.ResolveNames(new PushPipelineRequest { ImageArgument = "127.0.0.1:5000/team/model:9", CogImage = "x/y", Tags = ["1.2.3"] });
        var untagged = PushPipeline.ResolveNames(new PushPipelineRequest { CogImage = "team/model" });

        CollectionAssert.AreEqual(new[] { "127.0.0.1:5000/team/model:1.2.3", "127.0.0.1:5000/team/model:latest" }, tagged.Select(n => n.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "127.0.0.1:5000/team/model:9" }, argument.Select(n => n.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "team/model" }, untagged.Select(n => n.Name).ToArray());
    }

    [TestMethod]
    public void NoImageAnywhereIsACodedErrorWithAnExample()
    {
        var error = Assert.ThrowsExactly<CogException>(() => PushPipeline.ResolveImage(new PushPipelineRequest()));
        Assert.AreEqual("COG4001", error.Diagnostics[0].Code);
        StringAssert.Contains(error.Message, "cog push registry.example.com/your-username/model-name");
    }

    [TestMethod]
    public void ReplicateIsTheConfiguredRegistryHost()
    {
        var image = PushPipeline.ResolveImage(new PushPipelineRequest { ImageArgument = "127.0.0.1:5000/a/b" });
        Assert.IsFalse(PushPipeline.IsReplicate(image, new PushPipelineRequest { Environment = _ => null }));
        Assert.IsTrue(PushPipeline.IsReplicate(image, new PushPipelineRequest { Environment = n => n == "COG_REGISTRY_HOST" ? "127.0.0.1:5000" : null }));
        Assert.IsTrue(PushPipeline.IsReplicate(PushPipeline.ResolveImage(new PushPipelineRequest { ImageArgument = "r8.im/a/b" }), new PushPipelineRequest { Environment = _ => null }));
    }

    [TestMethod]
    public void WeightsImageIsNamedLikeTheBuildPipelineNamesIt()
    {
        var image = PushPipeline.ResolveImage(new PushPipelineRequest { ImageArgument = "127.0.0.1:5000/a/b" });
        Assert.AreEqual("127.0.0.1:5000/a/b-weights", PushPipeline.WeightsImage(image).Name);
        Assert.AreEqual("127.0.0.1:5000/a/b-weights:v1", PushPipeline.WeightsImage(image.WithTag("v1")).Name);
    }
}
