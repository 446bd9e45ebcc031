using System.Formats.Tar;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Cog.IntegrationTests.Registry;

/// <summary>Builds tiny model-like images (FROM scratch, two small layers, run.cog.* labels) through the Engine API, and removes them.</summary>
internal static class RegistryTestImages
{
    public const string CogConfigLabel = """{"build":{"python_version":"3.11"},"predict":"run.py:Runner"}""";

    /// <summary>The shared engine connection of the integration tests (Engine.GetAsync).</summary>
    public static IDockerClient Client => Engine.GetAsync().GetAwaiter().GetResult().Client;

    /// <summary>Builds <paramref name="name"/>; fresh random content each time so its layers are new to any registry.</summary>
    public static async Task BuildAsync(string name, CancellationToken cancellationToken = default)
    {
        var dockerfile = $"""
            FROM scratch
            COPY weights.bin /src/weights.bin
            COPY run.py /src/run.py
            LABEL run.cog.config='{CogConfigLabel}' run.cog.version="0.1.0-dev" org.opencontainers.image.title="cogtest-registry"
            """;
        using var context = new MemoryStream();
        await using (var tar = new TarWriter(context, TarEntryFormat.Pax, leaveOpen: true))
        {
            Add(tar, "Dockerfile", dockerfile);
            Add(tar, "run.py", "from cog import BaseRunner\n\nclass Runner(BaseRunner):\n    def run(self, text: str) -> str:\n        return text\n# " + Guid.NewGuid() + "\n");
            Add(tar, "weights.bin", Guid.NewGuid() + new string('w', 20_000));
        }

        context.Position = 0;
        var messages = new List<JSONMessage>();
        await Client.Images.BuildImageFromDockerfileAsync(
            new ImageBuildParameters { Tags = new List<string> { name }, Remove = true, ForceRemove = true },
            context,
            Array.Empty<AuthConfig>(),
            new Dictionary<string, string>(),
            new SynchronousProgress(messages.Add),
            cancellationToken);
        var error = messages.FirstOrDefault(m => m.Error is not null);
        if (error is not null)
        {
            throw new InvalidOperationException("test image build failed: " + error.Error!.Message);
        }
    }

    public static async Task RemoveAsync(string name)
    {
        try
        {
            await Client.Images.DeleteImageAsync(name, new ImageDeleteParameters { Force = true });
        }
        catch (DockerApiException)
        {
        }
    }

    private static void Add(TarWriter tar, string path, string content)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)), Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead };
        tar.WriteEntry(entry);
    }

    private sealed class SynchronousProgress : IProgress<JSONMessage>
    {
        private readonly Action<JSONMessage> _report;

        public SynchronousProgress(Action<JSONMessage> report) => _report = report;

        public void Report(JSONMessage value) => _report(value);
    }
}
