using System.Text.Json.Nodes;
using Cog.Build.Diagnostics;
using Cog.Build.Docker;

namespace Cog.Cli.Containers;

/// <summary>
/// An existing Cog image named on the command line (<c>cog run IMAGE</c>): it must carry the run.cog.config label; its
/// schema label (when present) validates inputs before the container starts, and its config says whether it wants GPUs.
/// </summary>
public sealed record ImageModel(string Reference, string? SchemaJson, string? DefaultGpus)
{
    public const string ConfigLabel = "run.cog.config";
    public const string SchemaLabel = "run.cog.openapi_schema";

    public static async Task<ImageModel> InspectAsync(string reference, CancellationToken cancellation)
    {
        using var engine = await DockerEngine.ConnectAsync(cancellation);
        var image = await engine.InspectImageAsync(reference, cancellation) ?? throw Messages.RunImageNotFound.Fail(reference);
        if (!image.Labels.TryGetValue(ConfigLabel, out var config))
        {
            throw Messages.ImageNotCogModel.Fail(reference);
        }

        return new ImageModel(reference, image.Labels.GetValueOrDefault(SchemaLabel), WantsGpu(config) ? "all" : null);
    }

    /// <summary>Whether a local image carries the Cog config label (decides `cog run NAME` between image and command).</summary>
    public static async Task<bool> IsLocalCogImageAsync(string reference, CancellationToken cancellation)
    {
        try
        {
            using var engine = await DockerEngine.ConnectAsync(cancellation);
            return (await engine.InspectImageAsync(reference, cancellation))?.Labels.ContainsKey(ConfigLabel) ?? false;
        }
        catch (CogException)
        {
            return false;
        }
    }

    private static bool WantsGpu(string configJson)
    {
        try
        {
            return JsonNode.Parse(configJson)?["build"]?["gpu"]?.GetValue<bool>() ?? false;
        }
        catch (Exception error) when (error is System.Text.Json.JsonException or InvalidOperationException)
        {
            return false;
        }
    }
}
