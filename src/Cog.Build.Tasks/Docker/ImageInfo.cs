namespace Cog.Build.Docker;

/// <summary>What the engine knows about a local image that the build and run paths need.</summary>
public sealed record ImageInfo(string Id, IReadOnlyList<string> Tags, IReadOnlyDictionary<string, string> Labels, IReadOnlyList<string> Env, long Size);
