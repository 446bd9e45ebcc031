using Cog.Build.Dockerfile;

namespace Cog.Build.Images;

/// <summary>Everything one image build needs from the door that asks for it (MSBuild task or CLI).</summary>
public sealed record ImageBuildRequest(string ProjectDirectory, string RuntimePath)
{
    /// <summary>Config file (absolute, or relative to the project); null finds cog.yaml.</summary>
    public string? ConfigFile { get; init; }

    /// <summary>Image name to tag; null uses cog.yaml's image/model or a name derived from the folder.</summary>
    public string? ImageName { get; init; }

    public BaseImageOptions BaseImage { get; init; } = new();

    /// <summary>Asked whether a cog-base image exists; null asks the image's registry (<see cref="Registry.RegistryBaseImageAvailability"/>).</summary>
    public IBaseImageAvailability? BaseImageAvailability { get; init; }

    public bool NoCache { get; init; }

    public bool SeparateWeights { get; init; }

    /// <summary>Build only the dependency stage (dev verbs mount the project instead of copying it); no schema, no labels.</summary>
    public bool DevImage { get; init; }

    /// <summary>Build secrets as buildx <c>--secret</c> values (<c>id=x,src=path</c>).</summary>
    public IReadOnlyList<string> Secrets { get; init; } = Array.Empty<string>();

    /// <summary>Extra labels from the user (MSBuild <c>CogLabel</c> items); Cog's own labels win on conflicts.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>The Cog version recorded in <c>run.cog.version</c> and the schema.</summary>
    public string CogVersion { get; init; } = ImageLabels.DefaultCogVersion;

    /// <summary>null: BuildKit when the engine offers it; false forces the classic builder and its Dockerfile dialect.</summary>
    public bool? UseBuildKit { get; init; }
}
