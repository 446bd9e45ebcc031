namespace Cog.Build.Registry;

/// <summary>The fields of a Replicate model object that push needs: its page URL, visibility and latest version id.</summary>
public sealed record ReplicateModel(string Owner, string Name, string Url, string? Visibility, string? LatestVersionId);
