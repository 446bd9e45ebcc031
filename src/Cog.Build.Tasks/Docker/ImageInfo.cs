namespace Cog.Build.Docker;

/// <summary>What the engine knows about a local image that the build and run paths need.</summary>
public sealed record ImageInfo(string Id, IReadOnlyList<string> Tags, IReadOnlyDictionary<string, string> Labels, IReadOnlyList<string> Env, long Size)
{
    /// <summary>Layer diff ids, bottom first: two images with the same layers hold the same files.</summary>
    public IReadOnlyList<string> Layers { get; init; } = Array.Empty<string>();

    /// <summary>Entrypoint, command and working directory, as one comparable string.</summary>
    public string Startup { get; init; } = "";
}
