namespace Cog.Build.Dockerfile;

/// <summary>
/// <c>--separate-weights</c>: large files (paths relative to the project, '/'-separated) live in their own image
/// <see cref="ImageName"/> and are copied into the release stage from it; the build context leaves them out.
/// </summary>
public sealed record WeightsLayout(string ImageName, IReadOnlyList<string> Paths)
{
    /// <summary>Patterns the engine must exclude from the model's build context (each path, and everything under it).</summary>
    public IReadOnlyList<string> ContextExclusions => Paths.SelectMany(p => new[] { p, p + "/**" }).ToList();
}
