using Cog.Build.Diagnostics;

namespace Cog.Build.Cuda;

/// <summary>A resolution (null when an error was found) and the warnings/errors that explain it.</summary>
public sealed record CudaResult(CudaResolution? Resolution, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
