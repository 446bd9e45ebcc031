using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Cog.Build.Registry;

namespace Cog.IntegrationTests.Registry;

/// <summary>
/// The PushImage task run by a real <c>dotnet msbuild</c>, non-interactively with credentials from the environment: the
/// pipeline door the CogPush target uses. The image name comes from cog.yaml's image:.
/// </summary>
[TestClass]
public sealed class PushImageTaskTests
{
    private const string User = "cogtest";
    private const string Password = "Msbuild-door-pa55";

    private static RegistryServer s_registry = null!;

    [ClassInitialize]
    public static void StartRegistry(TestContext context) => s_registry = RegistryServer.Start(User, Password);

    [ClassCleanup]
    public static void StopRegistry() => s_registry?.Dispose();

    [TestMethod]
    public async Task MsbuildPushesWithEnvironmentCredentialsAndReturnsTheDigest()
    {
        using var config = new TestDockerConfig();
        var project = Path.Combine(config.Directory, "project");
        Directory.CreateDirectory(project);
        var built = "cogtest-registry-built-" + Guid.NewGuid().ToString("N")[..12];
        var target = $"{s_registry.Host}/cogtest-registry/fromyaml-{Guid.NewGuid().ToString("N")[..8]}";
        File.WriteAllText(Path.Combine(project, "cog.yaml"), $"build:\n  python_version: \"3.11\"\nrun: run.py:Runner\nimage: {target}\n");
        var projectFile = Path.Combine(project, "push.proj");
        File.WriteAllText(projectFile, $"""
            <Project>
              <UsingTask TaskName="Cog.Build.Tasks.PushImage" AssemblyFile="{typeof(Cog.Build.Tasks.PushImage).Assembly.Location}" />
              <Target Name="Push">
                <PushImage ImageId="$(Id)" ConfigFile="$(MSBuildProjectDirectory)/cog.yaml" ProjectDirectory="$(MSBuildProjectDirectory)">
                  <Output TaskParameter="PushedDigest" PropertyName="CogPushedDigest" />
                </PushImage>
                <Message Importance="high" Text="DIGEST=$(CogPushedDigest)" />
              </Target>
            </Project>
            """);
        try
        {
            await RegistryTestImages.BuildAsync(built);
            var binlog = Path.Combine(project, "push.binlog");

            var (exit, output) = RunMsbuild(projectFile, built, config, withCredentials: true, binlog);

            Assert.AreEqual(0, exit, output);
            var digest = Regex.Match(output, "DIGEST=(sha256:[0-9a-f]{64})").Groups[1].Value;
            Assert.AreNotEqual("", digest, output);
            StringAssert.Contains(output, "Pushed");
            Assert.IsFalse(output.Contains(Password));
            var binlogText = BinlogText(binlog);
            StringAssert.Contains(binlogText, "DIGEST=" + digest, "the binlog was read");
            Assert.IsFalse(binlogText.Contains(Password), "the password never reaches the binlog");
            using var api = new RegistryApiClient();
            var manifest = await api.GetManifestAsync(ImageReference.Parse(target), new RegistryCredential(User, Password, s_registry.Host));
            Assert.AreEqual(digest, manifest.Digest);

            var (failedExit, failedOutput) = RunMsbuild(projectFile, built, config, withCredentials: false, binlog: null);
            Assert.AreNotEqual(0, failedExit);
            StringAssert.Contains(failedOutput, "error COG4018");
        }
        finally
        {
            await RegistryTestImages.RemoveAsync(built);
            await RegistryTestImages.RemoveAsync(target);
        }
    }

    private static (int Exit, string Output) RunMsbuild(string projectFile, string imageId, TestDockerConfig config, bool withCredentials, string? binlog)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "msbuild", projectFile, "-t:Push", "-p:Id=" + imageId, "-nologo", "-nodeReuse:false", "-v:n" })
        {
            start.ArgumentList.Add(argument);
        }

        if (binlog is not null)
        {
            start.ArgumentList.Add("-bl:" + binlog);
        }

        start.Environment["DOCKER_CONFIG"] = config.Directory;
        start.Environment.Remove("COG_REGISTRY_USERNAME");
        start.Environment.Remove("COG_REGISTRY_PASSWORD");
        if (withCredentials)
        {
            start.Environment["COG_REGISTRY_USERNAME"] = User;
            start.Environment["COG_REGISTRY_PASSWORD"] = Password;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result + errors.Result);
    }

    private static string BinlogText(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        var bytes = memory.ToArray();
        return Encoding.UTF8.GetString(bytes) + Encoding.Unicode.GetString(bytes);
    }
}
