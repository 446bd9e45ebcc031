using Cog.Build.Diagnostics;

namespace Cog.Build.Dockerfile;

/// <summary>The chosen base image, the cog-base reference that was tried (if any), and the warnings/errors of the choice.</summary>
public sealed record BaseImageSelection(BaseImage Image, string? CogBaseAttempted, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
