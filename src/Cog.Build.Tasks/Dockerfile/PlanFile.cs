namespace Cog.Build.Dockerfile;

/// <summary>A file the build context must carry under <c>.cog/</c>: generated text, or a copy of <see cref="SourcePath"/>.</summary>
public sealed record PlanFile(string ContextPath, string? Text = null, string? SourcePath = null);
