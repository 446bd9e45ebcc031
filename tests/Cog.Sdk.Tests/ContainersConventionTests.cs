namespace Cog.Sdk.Tests;

/// <summary>The .NET SDK's container properties name the image when the Cog ones are empty.</summary>
[TestClass]
public sealed class ContainersConventionTests
{
    [TestMethod]
    [DataRow(MSBuildEngine.Oldest)]
    [DataRow(MSBuildEngine.Installed)]
    public async Task ContainerPropertiesFillEmptyCogProperties(MSBuildEngine engine)
    {
        using var project = new ModelProject("""
              <PropertyGroup>
                <ContainerRegistry>registry.example.com/</ContainerRegistry>
                <ContainerRepository>team/model</ContainerRepository>
                <ContainerImageTags>1.2.3;latest</ContainerImageTags>
                <ContainerBaseImage>mirror.example.com/python:3.11-slim</ContainerBaseImage>
              </PropertyGroup>
              <ItemGroup>
                <ContainerLabel Include="org.opencontainers.image.vendor" Value="Example" />
                <ContainerLabel Include="team" Value="from-container-label" />
                <CogLabel Include="team" Value="from-cog-label" />
              </ItemGroup>
            """);
        var evaluation = await project.EvaluateAsync(engine, ["CogImage", "CogImageTags", "CogBaseImage"], ["CogLabel"],
            new Dictionary<string, string> { ["COG_BASE_IMAGE"] = "" });

        Assert.AreEqual("registry.example.com/team/model", evaluation.Property("CogImage"));
        Assert.AreEqual("1.2.3;latest", evaluation.Property("CogImageTags"));
        Assert.AreEqual("mirror.example.com/python:3.11-slim", evaluation.Property("CogBaseImage"));
        var labels = evaluation.Items("CogLabel").ToDictionary(l => l.Identity, l => l.Get("Value"));
        Assert.AreEqual("Example", labels["org.opencontainers.image.vendor"]);
        Assert.AreEqual("from-cog-label", labels["team"], "a CogLabel wins over a ContainerLabel of the same name");
        Assert.AreEqual(2, labels.Count);
    }

    [TestMethod]
    [DataRow(MSBuildEngine.Oldest)]
    [DataRow(MSBuildEngine.Installed)]
    public async Task CogPropertiesWinAndASingleTagIsATagList(MSBuildEngine engine)
    {
        using var project = new ModelProject("""
              <PropertyGroup>
                <CogImage>mine/model</CogImage>
                <CogBaseImage>python:3.12-slim</CogBaseImage>
                <ContainerRepository>team/model</ContainerRepository>
                <ContainerImageTag>7</ContainerImageTag>
                <ContainerBaseImage>ignored:1</ContainerBaseImage>
              </PropertyGroup>
            """);
        var evaluation = await project.EvaluateAsync(engine, ["CogImage", "CogImageTags", "CogBaseImage"]);

        Assert.AreEqual("mine/model", evaluation.Property("CogImage"));
        Assert.AreEqual("7", evaluation.Property("CogImageTags"));
        Assert.AreEqual("python:3.12-slim", evaluation.Property("CogBaseImage"));
    }

    [TestMethod]
    [DataRow(MSBuildEngine.Oldest)]
    [DataRow(MSBuildEngine.Installed)]
    public async Task RepositoryWithoutRegistryIsALocalName(MSBuildEngine engine)
    {
        using var project = new ModelProject("<PropertyGroup><ContainerRepository>team/model</ContainerRepository></PropertyGroup>");
        var evaluation = await project.EvaluateAsync(engine, ["CogImage", "CogImageTags"]);
        Assert.AreEqual("team/model", evaluation.Property("CogImage"));
        Assert.AreEqual("", evaluation.Property("CogImageTags"));
    }
}
