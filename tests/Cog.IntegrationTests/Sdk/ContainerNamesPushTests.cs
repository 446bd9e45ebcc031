using Cog.Build.Registry;
using Cog.IntegrationTests.Cli;
using Cog.IntegrationTests.Registry;

namespace Cog.IntegrationTests.Sdk;

/// <summary>
/// A model named only with the .NET SDK's container properties, pushed by `dotnet msbuild -t:CogPush` to a real registry
/// with the DOTNET_CONTAINER_REGISTRY_* credentials: every tag arrives, and the CogGeneratedImage item then carries the digest.
/// </summary>
[TestClass]
public sealed class ContainerNamesPushTests
{
    private const string User = "cogtest";
    private const string Password = "Containers-pa55";

    [ClassInitialize]
    public static async Task PackSdk(TestContext _) =>
        Assert.AreEqual(0, (await CogProcess.CogAsync(CogProcess.RepoRoot, "--version")).ExitCode, "./cog builds and packs Cog.Sdk");

    [TestMethod]
    public async Task ContainerPropertiesNameTagAndPushTheImage()
    {
        using var registry = RegistryServer.Start(User, Password);
        using var folder = ModelFolder.FromSample("hello");
        var repository = "cogtest-containers/" + Engine.UniqueImageName("model");
        folder.Write("hello.cogproj", $"""
            <Project Sdk="Cog.Sdk">
              <PropertyGroup>
                <ContainerRegistry>{registry.Host}</ContainerRegistry>
                <ContainerRepository>{repository}</ContainerRepository>
                <ContainerImageTags>1.0.0;latest</ContainerImageTags>
                <CogUseCogBaseImage>false</CogUseCogBaseImage>
              </PropertyGroup>
              <ItemGroup>
                <ContainerLabel Include="org.opencontainers.image.vendor" Value="Cog tests" />
              </ItemGroup>
            </Project>
            """);
        var names = new[] { $"{registry.Host}/{repository}:1.0.0", $"{registry.Host}/{repository}:latest" };
        var credentials = new Dictionary<string, string>
        {
            ["DOCKER_CONFIG"] = Path.Combine(folder.Path, ".docker-empty"),
            ["DOTNET_CONTAINER_REGISTRY_UNAME"] = User,
            ["DOTNET_CONTAINER_REGISTRY_PWORD"] = Password,
        };
        try
        {
            var push = await CogProcess.RunAsync("dotnet", ["msbuild", "hello.cogproj", "-t:CogPush", "-tl:off", "-v:m", "-nologo"], folder.Path, environment: credentials);
            Assert.AreEqual(0, push.ExitCode, push.ToString());
            Assert.IsFalse(push.Stdout.Contains(Password, StringComparison.Ordinal));
            foreach (var name in names)
            {
                Assert.IsTrue(await DockerCli.ImageExistsAsync(name), $"{name} was tagged locally\n{push}");
                StringAssert.Contains(push.Stdout, $"Pushing to {name}...");
            }

            Assert.AreEqual("Cog tests", await DockerCli.LabelAsync(names[0], "org.opencontainers.image.vendor"));
            using var api = new RegistryApiClient();
            var credential = new RegistryCredential(User, Password, registry.Host);
            var digests = new List<string>();
            foreach (var name in names)
            {
                digests.Add((await api.GetManifestAsync(ImageReference.Parse(name), credential)).Digest ?? "");
            }

            Assert.AreEqual(digests[0], digests[1], "one image under both tags");
            var item = await CogProcess.RunAsync("dotnet", ["msbuild", "hello.cogproj", "-t:GetTargetPath", "-getItem:CogGeneratedImage", "-nologo"], folder.Path);
            Assert.AreEqual(0, item.ExitCode, item.ToString());
            StringAssert.Contains(item.Stdout, $"\"Digest\": \"{digests[0]}\"");
            StringAssert.Contains(item.Stdout, $"\"ImageName\": \"{names[0]}\"");
            StringAssert.Contains(item.Stdout, "\"Tags\": \"1.0.0;latest\"");
        }
        finally
        {
            foreach (var name in names)
            {
                await CogProcess.RunAsync("docker", ["rmi", "-f", name], "/");
            }
        }
    }
}
