using Cog.Build.Config;
using Cog.Build.Cuda;
using Cog.Build.Diagnostics;
using Cog.Build.Requirements;

namespace Cog.Build.Dockerfile;

/// <summary>
/// Completes a loaded config (spec 10 §1 "complete"): reads build.python_requirements (or the deprecated python_packages),
/// stages local artifacts, resolves CUDA for GPU builds and rewrites torch/tensorflow lines. Reads files; writes nothing.
/// </summary>
public static class BuildResolver
{
    public static ResolvedBuild Resolve(CogConfig config, string? projectDirectory = null, CompatibilityMatrix? matrix = null)
    {
        var project = Path.GetFullPath(projectDirectory ?? config.Source.ProjectDirectory ?? Directory.GetCurrentDirectory());
        var diagnostics = new List<Diagnostic>();
        var (requirements, requirementsDirectory) = ReadRequirements(config, project, diagnostics);

        var local = LocalArtifacts.Resolve(requirements, requirementsDirectory, project);
        diagnostics.AddRange(local.Diagnostics.Select(d => Locate(config, d, "build.python_requirements")));

        var torch = requirements.FirstOrDefault(r => r.Is("torch"))?.Version;
        CudaResolution? cuda = null;
        if (config.Build.Gpu)
        {
            var tensorflow = requirements.FirstOrDefault(r => r.Is("tensorflow"))?.Version;
            var result = new CudaResolver(matrix).Resolve(new CudaRequest(config.Build.Cuda, config.Build.Cudnn, torch, tensorflow));
            diagnostics.AddRange(result.Diagnostics.Select(d => Locate(config, d, config.Build.Cuda is null ? "build.gpu" : "build.cuda")));
            cuda = result.Resolution;
        }

        var generated = new WheelIndexRewriter(matrix).Rewrite(local.Requirements, config.Build.Gpu, cuda?.Cuda);
        diagnostics.AddRange(generated.Diagnostics.Select(d => Locate(config, d, "build.python_requirements")));
        return new ResolvedBuild(config, project, generated, local.Artifacts, cuda, torch, diagnostics);
    }

    private static (IReadOnlyList<Requirement> Lines, string Directory) ReadRequirements(CogConfig config, string project, List<Diagnostic> diagnostics)
    {
        var file = config.Build.PythonRequirements;
        if (file is null)
        {
            return (RequirementsParser.Parse(config.Build.PythonPackages), project);
        }

        var path = Path.IsPathRooted(file) ? file : Path.GetFullPath(Path.Combine(project, file));
        try
        {
            return (RequirementsParser.Parse(File.ReadAllText(path)), Path.GetDirectoryName(path)!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(Locate(config, Messages.RequirementsUnreadable.Create(path, e.Message), "build.python_requirements"));
            return ([], project);
        }
    }

    private static Diagnostic Locate(CogConfig config, Diagnostic diagnostic, string key) =>
        diagnostic.File is null ? config.Source.Locate(diagnostic, key) : diagnostic;
}
