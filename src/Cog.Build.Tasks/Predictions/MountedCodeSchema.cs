using Cog.Build.Diagnostics;
using Cog.Build.Docker;
using Cog.Build.Images;

namespace Cog.Build.Predictions;

/// <summary>
/// The schema of the code in a project folder, as the dev image's runtime prints it with the folder mounted at /src
/// (spec 00 "Release images and dev images"). Cached under <c>.cog/cache/</c> by <see cref="ModelSourceHash"/>, so an
/// unchanged project validates inputs before any container starts without running one at all.
/// </summary>
public static class MountedCodeSchema
{
    public static async Task<string> GetAsync(DockerEngine engine, string image, string projectDirectory, CancellationToken cancellationToken = default)
    {
        // Dev verbs pass the full id from the stamp already; only a name needs the engine's answer.
        var imageId = IsFullImageId(image) ? image : (await engine.InspectImageAsync(image, cancellationToken).ConfigureAwait(false))?.Id ?? image;
        var hash = ModelSourceHash.Compute(projectDirectory, imageId);
        var cacheDirectory = Path.Combine(projectDirectory, ".cog", "cache");
        var cacheFile = Path.Combine(cacheDirectory, $"openapi_schema.{hash[..16]}.json");
        if (File.Exists(cacheFile))
        {
            return await File.ReadAllTextAsync(cacheFile, cancellationToken).ConfigureAwait(false);
        }

        var result = await engine.RunToCompletionAsync(
            new ContainerSpec(image)
            {
                Command = ["python", "-m", "cog.command.openapi_schema"],
                WorkingDirectory = "/src",
                Environment = new Dictionary<string, string> { ["PYTHONDONTWRITEBYTECODE"] = "1" },
                Mounts = [new ContainerMount(Path.GetFullPath(projectDirectory), "/src", ReadOnly: true)],
                Labels = new Dictionary<string, string> { ["run.cog.purpose"] = "schema" },
            },
            cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            var tail = string.Join(Environment.NewLine, result.Stderr.TrimEnd().Split('\n').TakeLast(15).Select(l => "    " + l.TrimEnd('\r')));
            throw Messages.SchemaCommandFailed.Fail(image, result.ExitCode, tail.Length == 0 ? "" : Environment.NewLine + tail);
        }

        var text = result.Stdout.Trim();
        SchemaExtractor.Validate(image, text);
        try
        {
            Directory.CreateDirectory(cacheDirectory);
            foreach (var stale in Directory.EnumerateFiles(cacheDirectory, "openapi_schema.*.json"))
            {
                File.Delete(stale);
            }

            await File.WriteAllTextAsync(cacheFile, text, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only project still works; it just asks the image again next time.
        }

        return text;
    }

    private static bool IsFullImageId(string image) =>
        image.Length == "sha256:".Length + 64 && image.StartsWith("sha256:", StringComparison.Ordinal) && image[7..].All(char.IsAsciiHexDigitLower);
}
