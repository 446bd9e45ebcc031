using Cog.Build.Config;
using Cog.Build.Cuda;
using Cog.Build.Diagnostics;
using Cog.Build.Requirements;

namespace Cog.Build.Dockerfile;

/// <summary>
/// A config completed for building: requirements read and rewritten, local artifacts found, CUDA resolved (GPU only).
/// Check <see cref="HasErrors"/> before generating a Dockerfile from it.
/// </summary>
public sealed record ResolvedBuild(
    CogConfig Config,
    string ProjectDirectory,
    GeneratedRequirements Requirements,
    IReadOnlyList<LocalArtifact> Artifacts,
    CudaResolution? Cuda,
    string? TorchVersion,
    IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    public bool Gpu => Config.Build.Gpu;

    /// <summary>The CUDA that names a cog-base image: resolved for GPU builds, else whatever cog.yaml says.</summary>
    public string? CudaForBaseImage => Cuda?.Cuda ?? Config.Build.Cuda;

    /// <summary>
    /// The host files the dependency stage depends on (config, requirements, local artifacts): what a dev image's
    /// up-to-date check must watch. Model code is deliberately absent.
    /// </summary>
    public IReadOnlyList<string> DependencyInputs =>
        new[] { Config.Source.ProjectDirectory is null ? null : Path.GetFullPath(Config.Source.FileName, ProjectDirectory), RequirementsPath }
            .Concat(Artifacts.Select(a => a.SourcePath))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();

    private string? RequirementsPath =>
        Config.Build.PythonRequirements is { } file ? Path.GetFullPath(file, ProjectDirectory) : null;

    public ResolvedBuild ThrowIfErrors() => HasErrors ? throw new CogException(Diagnostics) : this;
}
