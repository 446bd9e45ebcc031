using System.Text.Json;
using Cog.Build.Diagnostics;
using Cog.Build.Docker;

namespace Cog.Build.Images;

/// <summary>
/// Asks a built image for its OpenAPI schema by running the image's own runtime (<c>python -m cog.command.openapi_schema</c>
/// in /src), and checks that what comes back is the document a Cog model serves.
/// </summary>
public static class SchemaExtractor
{
    public static async Task<string> ExtractAsync(DockerEngine engine, string image, CancellationToken cancellationToken = default)
    {
        var result = await engine.RunToCompletionAsync(new ContainerSpec(image)
        {
            Command = new[] { "python", "-m", "cog.command.openapi_schema" },
            WorkingDirectory = "/src",
            Labels = new Dictionary<string, string> { ["run.cog.purpose"] = "schema" },
        }, cancellationToken).ConfigureAwait(false);

        if (result.ExitCode != 0)
        {
            var tail = string.Join(Environment.NewLine, result.Stderr.TrimEnd().Split('\n').TakeLast(15).Select(l => "    " + l.TrimEnd('\r')));
            throw Messages.SchemaCommandFailed.Fail(image, result.ExitCode, tail.Length == 0 ? "" : Environment.NewLine + tail);
        }

        var text = result.Stdout.Trim();
        Validate(image, text);
        return text;
    }

    /// <summary>Checks the shape the rest of Cog relies on: an OpenAPI 3 object with paths and component schemas.</summary>
    public static void Validate(string image, string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException error)
        {
            throw Messages.SchemaInvalid.Fail(image, "it is not JSON (" + error.Message + ")");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Messages.SchemaInvalid.Fail(image, "it is not a JSON object");
            }

            if (!root.TryGetProperty("openapi", out var version) || version.ValueKind != JsonValueKind.String || !version.GetString()!.StartsWith('3'))
            {
                throw Messages.SchemaInvalid.Fail(image, "it has no \"openapi\": \"3.x\" version");
            }

            if (!root.TryGetProperty("paths", out var paths) || paths.ValueKind != JsonValueKind.Object)
            {
                throw Messages.SchemaInvalid.Fail(image, "it has no \"paths\" object");
            }

            if (!root.TryGetProperty("components", out var components) || !components.TryGetProperty("schemas", out var schemas) ||
                schemas.ValueKind != JsonValueKind.Object)
            {
                throw Messages.SchemaInvalid.Fail(image, "it has no \"components.schemas\" object");
            }

            if (!schemas.TryGetProperty("Input", out _) && !schemas.TryGetProperty("TrainingInput", out _))
            {
                throw Messages.SchemaInvalid.Fail(image, "it defines neither an Input nor a TrainingInput schema");
            }
        }
    }

    /// <summary><c>python -m pip freeze</c> in the image, for the <c>run.cog.pip_freeze</c> label.</summary>
    public static async Task<string> PipFreezeAsync(DockerEngine engine, string image, CancellationToken cancellationToken = default)
    {
        var result = await engine.RunToCompletionAsync(new ContainerSpec(image)
        {
            Command = new[] { "python", "-m", "pip", "freeze", "--disable-pip-version-check" },
            Labels = new Dictionary<string, string> { ["run.cog.purpose"] = "pip-freeze" },
        }, cancellationToken).ConfigureAwait(false);
        return result.ExitCode == 0 ? result.Stdout.TrimEnd() : "";
    }
}
