using Cog.Build.Dockerfile;

namespace Cog.Build.Docker;

/// <summary>What to build: a context (its tar is streamed to the engine), the Dockerfile's path inside it, and options.</summary>
public sealed record BuildRequest(BuildContext Context, string DockerfilePath)
{
    /// <summary>The Dockerfile text, used to check base images before the build and to run buildx when secrets are used.</summary>
    public string? DockerfileText { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = Array.Empty<string>();

    /// <summary>Multi-stage target (e.g. the dependency stage for dev images); null builds the last stage.</summary>
    public string? Target { get; init; }

    public bool NoCache { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>();

    /// <summary>Build secrets as buildx <c>--secret</c> values (<c>id=x,src=path</c>); any secret routes the build through buildx.</summary>
    public IReadOnlyList<string> Secrets { get; init; } = Array.Empty<string>();

    /// <summary>null: BuildKit when the engine offers it. false forces the classic builder (the Dockerfile must not use BuildKit syntax).</summary>
    public bool? UseBuildKit { get; init; }
}
