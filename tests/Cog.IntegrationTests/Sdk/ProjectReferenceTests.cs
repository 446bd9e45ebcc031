using Cog.IntegrationTests.Cli;

namespace Cog.IntegrationTests.Sdk;

/// <summary>A .csproj referencing a .cogproj (real engine, SDK from the local feed): the image is built first and arrives as an item.</summary>
[TestClass]
public sealed class ProjectReferenceTests
{
    [ClassInitialize]
    public static async Task PackSdk(TestContext _) =>
        Assert.AreEqual(0, (await CogProcess.CogAsync(CogProcess.RepoRoot, "--version")).ExitCode, "./cog builds and packs Cog.Sdk");

    [TestMethod]
    public async Task ACsprojBuildsTheModelImageFirstAndCompilesItsIdIn()
    {
        using var folder = ModelFolder.Empty("projref");
        var model = Path.Combine(folder.Path, "model");
        Directory.CreateDirectory(model);
        foreach (var file in new[] { "cog.yaml", "run.py", "hello.cogproj" })
        {
            File.Copy(Path.Combine(CogProcess.RepoRoot, "samples", "hello", file), Path.Combine(model, file));
        }

        folder.UseLocalFeed();
        var image = Engine.UniqueImageName("cogtest-projref");
        folder.Write("model/Directory.Build.props", $"<Project><PropertyGroup><CogImage>{image}</CogImage><CogUseCogBaseImage>false</CogUseCogBaseImage></PropertyGroup></Project>");
        Directory.CreateDirectory(Path.Combine(folder.Path, "app"));
        folder.Write("app/app.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="../model/hello.cogproj" OutputItemType="CogGeneratedImage" />
              </ItemGroup>
              <Target Name="EmbedModelImage" AfterTargets="ResolveProjectReferences" BeforeTargets="GetAssemblyAttributes">
                <ItemGroup>
                  <AssemblyMetadata Include="ModelImageId" Value="%(CogGeneratedImage.ImageId)" />
                  <AssemblyMetadata Include="ModelImageName" Value="%(CogGeneratedImage.ImageName)" />
                </ItemGroup>
              </Target>
            </Project>
            """);
        folder.Write("app/Program.cs", """
            using System.Reflection;
            foreach (var attribute in Assembly.GetExecutingAssembly().GetCustomAttributes<AssemblyMetadataAttribute>().Where(a => a.Key.StartsWith("ModelImage")))
            {
                Console.WriteLine($"{attribute.Key}={attribute.Value}");
            }
            """);
        try
        {
            var build = await CogProcess.RunAsync("dotnet", ["build", "app/app.csproj", "-tl:off", "-v:m", "-nologo"], folder.Path);
            Assert.AreEqual(0, build.ExitCode, build.ToString());
            var id = (await CogProcess.RunAsync("docker", ["image", "inspect", "--format", "{{.Id}}", image], "/")).Stdout.Trim();
            StringAssert.StartsWith(id, "sha256:", "the referenced model's image was built");

            var run = await CogProcess.RunAsync("dotnet", [Path.Combine(folder.Path, "app", "bin", "Debug", "net10.0", "app.dll")], folder.Path);
            Assert.AreEqual($"ModelImageId={id}\nModelImageName={image}\n", run.Stdout, run.ToString());

            // Without OutputItemType the reference still builds the image and never reaches the compiler.
            folder.Write("app/app.csproj", File.ReadAllText(Path.Combine(folder.Path, "app", "app.csproj")).Replace(" OutputItemType=\"CogGeneratedImage\"", ""));
            var plain = await CogProcess.RunAsync("dotnet", ["build", "app/app.csproj", "-tl:off", "-v:m", "-nologo"], folder.Path);
            Assert.AreEqual(0, plain.ExitCode, plain.ToString());
            var publish = await CogProcess.RunAsync("dotnet", ["publish", "app/app.csproj", "-tl:off", "-v:m", "-nologo"], folder.Path);
            Assert.AreEqual(0, publish.ExitCode, publish.ToString());
        }
        finally
        {
            await CogProcess.RunAsync("docker", ["rmi", "-f", image], "/");
        }
    }
}
