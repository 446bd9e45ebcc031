using Cog.Build.Diagnostics;
using Cog.Build.Docker;

namespace Cog.Build.Images;

/// <summary>
/// A built image: its name and id, the engine's step report of the main build (for cache assertions), the schema it
/// serves (null for dev images), and the warnings collected along the way.
/// </summary>
public sealed record ImageBuildOutcome(
    string ImageName,
    string ImageId,
    BuildResult Build,
    string? SchemaJson,
    string Dockerfile,
    IReadOnlyList<Diagnostic> Warnings);
